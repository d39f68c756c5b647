#pragma once

#include <QStringView>
#include <QVarLengthArray>

namespace concord::detail {

// Room for a 64-unit name even when every letter expands to two (ß -> ss).
using FoldBuffer = QVarLengthArray<char16_t, 128>;

// Appends the letters and digits of name to out, lower-cased, with Latin letters reduced to
// their ASCII base (é -> e, Ł -> l, ø -> o, ß -> ss, æ -> ae, þ -> th). Spaces, punctuation
// and combining marks are dropped, so precomposed and decomposed input fold alike. Letters of
// other scripts are kept, case-folded. No allocation for names up to 64 units.
void foldName(QStringView name, FoldBuffer& out);

} // namespace concord::detail
