"""Presenters: plain Python between `Session` and the Qt views, no Qt.

A presenter turns the session's state into what a view draws — ranges, rate limits, planes, thinned
and clipped paths, contour levels, arrows, captions — as arrays and plain values; the widget only
paints them. Everything here is tested without a QApplication.

    numbers          finite values for drawing, round axis limits
    geometry         paths thinned to the pixels (one PathThinner), clipped, dotted; windows and boxes
    loss_surface     the loss-surface math over the session: sample, slice, planes, paths, line
    surface_frame    what the loss-surface view draws each frame, and when its surface is recomputed
    surface_numbers  log-scaled losses, the colour bar's ticks, the arrow's round scale
    param_names      a scalar parameter's name and description ('W1[0,1]')
    playground       the optimizer playground's surface shades, contour levels, runners and arrows
    dataset          the data view: the decision field, boundary, the perceptron's line, rings, texts
    loss_curve       the loss curve: series, axis ranges, epoch marks, readout
    weights          heatmaps, their colour range, the network diagram (its strongest edges), titles
    activations      h(z), h'(z), the histogram of the first layer's z, caption
    gradient_field   −∇L over a coarse grid of the loss surface (two parameters or a plane), one scale
    inspector        one point's (or the mini-batch's) forward pass with every number, the loss, the
                     perceptron's rule, the naive softmax's overflow, the NumPy code; inspector_text
                     writes it out
    gradient_check   backpropagation beside the numerical gradient per block, relative errors, the h sweep
    race             the network race's readouts and caption, its plane's grid, where a path leaves
"""
