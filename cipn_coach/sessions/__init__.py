"""Sessions done, as records: the recorder that saves each step of a live session the moment it
ends, where a session cut short can carry on, and the session service the front ends call.
The timed session itself is the pure state machine in ``cipn_coach.engine``.
"""
