#pragma once

#include "Result.h"

#include <QString>

namespace concord {

// What a steward can do in the window about an engine error of a kind that has a remedy
// ("" otherwise). The engine says what is wrong; this says where to fix it.
QString windowRemedy(const Error& error);

} // namespace concord
