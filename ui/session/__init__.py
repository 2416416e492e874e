"""A guided session on screen: the player, its safety check and rating views, the offer to
resume, and the driver that carries the core engine's events to Qt.
"""
