"""Presenters: plain Python between `Session` and the Qt views, no Qt.

A presenter turns the session's state into what a view draws — ranges, rate limits, planes, thinned
and clipped paths, contour levels, arrows, captions — as arrays and plain values; the widget only
paints them. Everything here is tested without a QApplication.

    geometry         paths thinned to the pixels (one PathThinner), clipped, dotted; windows and boxes
    loss_surface     the loss-surface math over the session: sample, slice, planes, paths, line
    surface_frame    what the loss-surface view draws each frame, and when its surface is recomputed
    surface_numbers  log-scaled losses, the colour bar's ticks, the arrow's round scale
    param_names      a scalar parameter's name and description ('W1[0,1]')
    playground       the optimizer playground's surface shades, contour levels, runners and arrows
    dataset, loss_curve, activations, weights: the other views' presenters
"""
