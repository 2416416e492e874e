"""Self-tests on screen: the player, the cards on Progress, the flow that starts and saves one,
and the driver of the core's self-test engine.
"""
