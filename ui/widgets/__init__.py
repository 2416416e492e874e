"""Widgets the screens share: big buttons, the 0-10 scale, yes/no questions, wrapped
labels, the validated-form toolkit (``forms``), flow layouts, drop-downs and their rows, the
chart parts (pyqtgraph) and the guard that keeps the wheel off unfocused fields.
"""
