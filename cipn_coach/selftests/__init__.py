"""Home self-tests (chair stand, balance stages, ...): their file format, the library and
reference bands, when they are due, their section of the summary, results in words, and the
service the front ends call. The timed test itself runs in ``cipn_coach.engine.selftest``.
"""
