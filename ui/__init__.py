"""The Qt front end of CIPN Coach: one client of the ``cipn_coach`` core."""
