"""The daily check-in: its fields and validated values, which questions a day asks, the symptom
arithmetic (daily values, 7-day and weekly averages, trends), the flags computed from it
with the thresholds they use, how flags are worded, the rating reminder, and the check-in
service the front ends call.
"""
