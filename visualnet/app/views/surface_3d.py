"""The loss surface in 3-D, where OpenGL works: the same log-loss samples and viridis colours as the
map, the path and the current point on it (pyqtgraph.opengl, made on first use)."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

from visualnet.app import i18n
from visualnet.core import grids
from visualnet.presenters.geometry import Window
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

_GL_PROBLEM: list[str | Message | None] = []  # opengl_problem's answer, found once (untranslated)


def opengl_problem() -> str | None:
    """Why the 3-D surface cannot be shown here, in plain words, or None when OpenGL works.

    Checked without touching OpenGL where it cannot work (the offscreen platform of tests and
    snapshots), so no Qt warning is ever logged; the answer is kept for the session, and said in
    the language spoken when asked.
    """
    if not _GL_PROBLEM:
        _GL_PROBLEM.append(_find_opengl_problem())
    problem = _GL_PROBLEM[0]
    return None if problem is None else i18n.translated(problem)


def _find_opengl_problem() -> str | None:
    problem: str | None = None
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        problem = QT_TRANSLATE_NOOP("Surface3D", "no OpenGL display here (offscreen)")
    elif importlib.util.find_spec("OpenGL") is None:
        problem = QT_TRANSLATE_NOOP("Surface3D", "it needs the PyOpenGL package")
    else:
        context = QOpenGLContext()
        surface = QOffscreenSurface()
        surface.create()
        if not (context.create() and context.makeCurrent(surface)):
            problem = QT_TRANSLATE_NOOP("Surface3D", "no OpenGL context on this display")
        else:
            context.doneCurrent()
        surface.destroy()
    return problem


class Surface3D:
    """The 3-D page: a GLViewWidget with the surface mesh, the path and the current point."""

    def __init__(self, view: Any, mesh: Any, path: Any, marker: Any) -> None:
        # pyqtgraph.opengl has no type information: its widget and items are Any at this boundary
        self.view: Any = view
        self._mesh, self._path, self._marker = mesh, path, marker
        self._img: np.ndarray | None = None
        self._window: Window = ((0.0, 1.0), (0.0, 1.0))
        self._levels = (0.0, 1.0)
        self._res = 2

    @classmethod
    def build(cls) -> Surface3D | None:
        """The 3-D page, or None when pyqtgraph's OpenGL items fail to load (said by opengl_problem)."""
        try:
            import pyqtgraph.opengl as gl
        except ImportError as err:  # PyOpenGL broken rather than missing: say so in the caption
            failed = QT_TRANSLATE_NOOP("Surface3D", "pyqtgraph's OpenGL items failed to load ({error})")
            _GL_PROBLEM[:] = [Message(failed, error=err)]
            return None
        view = gl.GLViewWidget()
        view.setObjectName("lossSurface3d")
        view.setBackgroundColor("w")
        view.setCameraPosition(distance=40, elevation=30, azimuth=-60)
        mesh = gl.GLSurfacePlotItem(shader=None, smooth=False, computeNormals=False)
        path = gl.GLLinePlotItem(color=(1.0, 1.0, 1.0, 1.0), width=2.0, antialias=True)
        marker = gl.GLScatterPlotItem(color=(0.8, 0.0, 0.0, 1.0), size=10.0)
        for item in (mesh, path, marker):
            view.addItem(item)
        return cls(view, mesh, path, marker)

    def _coords(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
        """Window coordinates to the 3-D scene's: x and y over [-10, 10], log-loss heights over [0, 8]."""
        (x0, x1), (y0, y1) = self._window
        lo, hi = self._levels
        return (20 * (x - x0) / (x1 - x0) - 10, 20 * (y - y0) / (y1 - y0) - 10,
                8 * (np.clip(z, lo, hi) - lo) / (hi - lo))

    def show_surface(self, img: np.ndarray, levels: tuple[float, float], window: Window) -> None:
        """The mesh: log-loss samples (res, res) over `window`, coloured within `levels`."""
        self._img, self._levels, self._window, self._res = img, levels, window, len(img)
        # the view's vertical field of view is fixed: a wide, short dock needs the camera further away
        aspect = self.view.width() / max(1, self.view.height())
        self.view.setCameraPosition(distance=float(np.clip(24 + 14 * aspect, 40, 80)))
        xs, ys = grids.grid_axes(window[0], window[1], self._res)
        gx, gy, gz = self._coords(xs, ys, img.astype(float))
        # GLSurfacePlotItem wants z[i, j] at (x[i], y[j]), the image's transpose, and one colour per
        # vertex in that order (vertex i·len(y) + j)
        colors = pg.colormap.get("viridis").map((gz / 8).T.reshape(-1), mode="float")
        self._mesh.setData(x=gx, y=gy, z=np.ascontiguousarray(gz.T), colors=colors)

    def show_path(self, path: np.ndarray, current: np.ndarray) -> None:
        """The path and the current point on the surface (heights read off the samples)."""
        if self._img is None or len(path) == 0:
            return
        (x0, x1), (y0, y1) = self._window
        pts = np.vstack([path, current])
        n = self._res - 1
        # nearest sample's height, lifted a little so the line stays above the mesh
        j = np.clip(np.rint((pts[:, 0] - x0) / (x1 - x0) * n), 0, n).astype(int)
        i = np.clip(np.rint((pts[:, 1] - y0) / (y1 - y0) * n), 0, n).astype(int)
        gx, gy, gz = self._coords(pts[:, 0], pts[:, 1], self._img[i, j].astype(float))
        xyz = np.column_stack([gx, gy, gz + 0.15])
        self._path.setData(pos=xyz[:-1])
        self._marker.setData(pos=xyz[-1:])
