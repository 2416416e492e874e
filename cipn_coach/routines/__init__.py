"""Exercises and routines: their file formats and the library loaded from them (with the
routines and own exercises saved in the app laid over it), their translations, routine files
to share, the week's plan, progression rules, the schedule of what is due, the safety
checks, the validation words, and the routine service the front ends call.
"""
