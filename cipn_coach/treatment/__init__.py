"""The patient's chemotherapy: the treatment record and its cycles, symptoms by cycle for the
"Before your next cycle" page, and the treatment service the front ends call.
"""
