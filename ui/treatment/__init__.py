"""Treatment on screen: Settings → Treatment, the first-start question, and the window's wiring
for the "Before your next cycle" screen.
"""
