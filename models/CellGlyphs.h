#pragma once

#include "SessionResults.h"

#include <QIcon>

namespace concord {

// A small shape per cell state, beside the colour, so a state reads without colour (print,
// colour-blind readers): a dot for "a rule decided", a flag for "waits for a person", a hollow
// square for "blank somewhere". Agreeing cells have none.
QIcon cellGlyph(CellState state);

} // namespace concord
