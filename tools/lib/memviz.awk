#!/usr/bin/awk -f
# The drawing half of tools/memviz: reads the scenario's "memviz ..." lines
# (user/programs/memviz.c) and writes one SVG. POSIX awk (mawk is fine).
#
# Layout: a legend, then one panel per step. A panel has a column per
# process (A, P, B: P in the middle, so every frame the scenario shares is
# shared by neighbours) and a row per virtual page any of them maps, so the
# same address is on the same row everywhere; a bar between two columns
# joins pages that map one frame. Under the rows, the frames shared in that
# step, each a <tspan class="shared-frame" data-step= data-kind=> (the
# ctest counts them).

function hex(s,    i, c, v) {
  v = 0
  s = tolower(s)
  for (i = 1; i <= length(s); i++) {
    c = index("0123456789abcdef", substr(s, i, 1)) - 1
    v = v * 16 + c
  }
  return v
}

function esc(s) {
  gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
  return s
}

# Frame names in order of first appearance: F1, F2, ...
function frame_name(pa) {
  if (!(pa in FRAME))
    FRAME[pa] = "F" (++NFRAMES)
  return FRAME[pa]
}

# The step's rows: every address any process maps, in address order.
function add_row(s, va,    n, i) {
  if ((s, va) in HASROW)
    return
  HASROW[s, va] = 1
  n = ++NROWS[s]
  for (i = n; i > 1 && hex(ROW[s, i - 1]) > hex(va); i--)
    ROW[s, i] = ROW[s, i - 1]
  ROW[s, i] = va
}

$1 == "memviz" && $2 == "policy" { POLICY = $3 }
$1 == "memviz" && $2 == "step" {
  S = $3 + 0
  NSTEPS = S + 1
  t = $4
  for (i = 5; i <= NF; i++) t = t " " $i
  TITLE[S] = t
}
$1 == "memviz" && $2 == "page" {
  # memviz page NAME PID VA PA STATE REFS TABLE-REFS KIND
  name = $3; va = $5
  PID[S, name] = $4
  PAGE_PA[S, name, va] = $6
  STATE[S, name, va] = $7
  REFS[S, name, va] = $8
  TREFS[S, name, va] = $9
  KIND[S, va] = $10
  frame_name($6)
  add_row(S, va)
}

function color(state) {
  return state == "private" ? "#9ed99e" : state == "cow" ? "#f4a641" : \
         state == "cow-last" ? "#f7e08a" : state == "shared-ro" ? "#8fbce6" : "#d6d6d6"
}

function text(x, y, s, attrs) {
  printf "<text x=\"%d\" y=\"%d\"%s>%s</text>\n", x, y, attrs, esc(s)
}

function box(x, y, w, h, fill, stroke) {
  printf "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"%s\"/>\n", \
         x, y, w, h, fill, stroke
}

function legend(y,    i, x, n, st) {
  n = split("private cow cow-last shared-ro ro", st, " ")
  text(MARGIN, y, "copy-on-write fork, step by step (" POLICY ")", " class=\"title\"")
  y += 22
  x = MARGIN
  for (i = 1; i <= n; i++) {
    box(x, y - 11, 14, 14, color(st[i]), "#555")
    text(x + 20, y, LEGEND[st[i]], "")
    x += LEGEND_W[st[i]]
  }
  y += 20
  text(MARGIN, y, "row: virtual address, frame (F1, F2...), r = frame count (the leaf tables mapping it; a page of the program file", "")
  y += 16
  text(MARGIN, y, "has one more: the file's own), t = leaf-table count (the address spaces sharing the table)", "")
  y += 18
  box(MARGIN, y - 9, 30, 6, "#c0392b", "none")
  text(MARGIN + 38, y, "the same frame in two address spaces (bold border: its leaf table is shared too)", "")
  return y + 16
}

function cell(s, name, va, x, y,    st, pa, label, stroke) {
  st = STATE[s, name, va]
  pa = PAGE_PA[s, name, va]
  stroke = TREFS[s, name, va] > 1 ? "#222\" stroke-width=\"2.5" : "#777"
  box(x, y, COLW, ROWH - 3, color(st), stroke)
  label = sprintf("0x%-10s %-4s %-9s r%d t%d", va, FRAME[pa], st, REFS[s, name, va], TREFS[s, name, va])
  text(x + 5, y + ROWH - 7, label, " class=\"mono\"")
}

# Bars between neighbouring columns whose pages on this row share a frame.
function bars(s, va, y,    c, a, b) {
  for (c = 1; c < NCOLS; c++) {
    a = COL[c]; b = COL[c + 1]
    if (((s, a, va) in PAGE_PA) && ((s, b, va) in PAGE_PA) && PAGE_PA[s, a, va] == PAGE_PA[s, b, va])
      box(colx(c) + COLW, y + ROWH / 2 - 4, GAP, 6, "#c0392b", "none")
  }
}

function colx(c) { return MARGIN + (c - 1) * (COLW + GAP) }

# Frames mapped by two or more of the step's processes, listed under it.
function shared_list(s, y,    r, va, c, pa, n, seen, x, cnt) {
  n = 0
  x = MARGIN + 130
  printf "<text x=\"%d\" y=\"%d\" class=\"mono\">", x, y
  for (r = 1; r <= NROWS[s]; r++) {
    va = ROW[s, r]
    delete cnt
    for (c = 1; c <= NCOLS; c++)
      if ((s, COL[c], va) in PAGE_PA)
        cnt[PAGE_PA[s, COL[c], va]]++
    for (pa in cnt)
      if (cnt[pa] > 1 && !((s, pa) in seen)) {
        seen[s, pa] = 1
        n++
        printf "<tspan class=\"shared-frame\" data-step=\"%d\" data-kind=\"%s\"%s>%s</tspan>", \
               s, KIND[s, va], (n > 1 ? " dx=\"7\"" : ""), FRAME[pa]
      }
  }
  printf "%s</text>\n", (n ? "" : "none")
  text(MARGIN, y, "shared frames (" n "):", "")
  return n
}

function panel(s, y,    c, name, r, va, ry, head) {
  text(MARGIN, y, "step " s ": " TITLE[s], " class=\"step\"")
  y += 22
  for (c = 1; c <= NCOLS; c++) {
    name = COL[c]
    head = ((s, name) in PID) ? name " (pid " PID[s, name] ")" : name ": none"
    text(colx(c), y, head, ((s, name) in PID) ? " class=\"proc\"" : " class=\"gone\"")
  }
  y += 8
  for (r = 1; r <= NROWS[s]; r++) {
    va = ROW[s, r]
    ry = y + (r - 1) * ROWH
    for (c = 1; c <= NCOLS; c++)
      if ((s, COL[c], va) in PAGE_PA)
        cell(s, COL[c], va, colx(c), ry)
    bars(s, va, ry)
  }
  y += NROWS[s] * ROWH + 16
  shared_list(s, y)
  return y + 34
}

function height(    s, h) {
  h = 136  # the title and the legend (legend())
  for (s = 0; s < NSTEPS; s++)
    h += 22 + 8 + NROWS[s] * ROWH + 16 + 34
  return h
}

BEGIN {
  MARGIN = 20; COLW = 250; GAP = 46; ROWH = 19
  NCOLS = split("A P B", COL, " ")
  LEGEND["private"] = "private (writable, ours alone)"; LEGEND_W["private"] = 212
  LEGEND["cow"] = "COW, shared: a write copies"; LEGEND_W["cow"] = 196
  LEGEND["cow-last"] = "COW, last sharer: a write reuses"; LEGEND_W["cow-last"] = 226
  LEGEND["shared-ro"] = "read-only, shared"; LEGEND_W["shared-ro"] = 136
  LEGEND["ro"] = "read-only, ours alone"; LEGEND_W["ro"] = 150
}

END {
  W = MARGIN * 2 + NCOLS * COLW + (NCOLS - 1) * GAP
  if (W < 1000) W = 1000
  printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n", W, height(), W, height()
  printf "<style>.mono{font-family:'DejaVu Sans Mono',monospace;font-size:11px}.title{font-size:16px;font-weight:bold}.step{font-size:14px;font-weight:bold}.proc{font-weight:bold}.gone{fill:#999}</style>\n"
  printf "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
  y = legend(28) + 16
  for (s = 0; s < NSTEPS; s++)
    y = panel(s, y)
  printf "</svg>\n"
}
