"""extract/formats/grid.py: ruling lines → table cells."""
from extract.formats.grid import find_grids, rect_segments, segment


def ruled(xs, ys, skip=()):
    """The lines of a grid on columns xs and rows ys (top first); skip names the missing
    pieces: ('v', x, band) a vertical line absent in a band, ('h', y, column) likewise."""
    segs = []
    for i in range(len(ys) - 1):
        for x in xs:
            if ("v", x, i) not in skip:
                segs.append(segment(x, ys[i + 1], x, ys[i]))
    for y in ys:
        for j in range(len(xs) - 1):
            if ("h", y, j) not in skip:
                segs.append(segment(xs[j], y, xs[j + 1], y))
    return segs


def cells(grid):
    return [(c.row, c.col, c.rows, round(c.x1 - c.x0)) for c in grid.cells]


def test_plain_grid():
    (g,) = find_grids(ruled([80, 130, 330, 500], [700, 680, 600]))
    assert cells(g) == [(0, 0, 1, 50), (0, 1, 1, 200), (0, 2, 1, 170),
                        (1, 0, 1, 50), (1, 1, 1, 200), (1, 2, 1, 170)]


def test_merged_across_and_down():
    # the top row is one cell; the last column spans both lower rows
    segs = ruled([80, 130, 330, 500], [700, 680, 640, 600],
                 skip={("v", 130, 0), ("v", 330, 0), ("h", 640, 2)})
    (g,) = find_grids(segs)
    assert cells(g) == [(0, 0, 1, 420), (1, 0, 1, 50), (1, 1, 1, 200), (1, 2, 2, 170),
                        (2, 0, 1, 50), (2, 1, 1, 200)]
    assert g.cell_at(400, 620) is g.cell_at(400, 660)


def test_borders_as_thin_filled_rectangles():
    """Chromium draws each border as a filled rectangle one pixel thick."""
    segs = []
    for x in (80, 200, 400):
        segs += rect_segments(x, 600, 0.75, 100, filled=True)
    for y in (600, 650, 700):
        segs += rect_segments(80, y, 320.75, 0.75, filled=True)
    segs += rect_segments(80, 600, 320, 100, filled=True)  # the table's shading: no line
    (g,) = find_grids(segs)
    assert [round(x) for x in g.xs] == [80, 200, 400] and [round(y) for y in g.ys] == [700, 650, 600]


def test_a_framed_box_is_no_table():
    assert find_grids(rect_segments(80, 600, 400, 100, filled=False)) == []


def test_a_row_broken_by_the_page_has_no_line_on_that_side():
    """reportlab draws the part of a row a page break cut off without its closing line:
    the columns' lines still bound it."""
    segs = [segment(x, 80, x, 200) for x in (72, 185, 300)] + [segment(72, 200, 300, 200)]
    (g,) = find_grids(segs)
    assert [round(y) for y in g.ys] == [200, 80]
