#include "GeneratorLogging.h"

Q_LOGGING_CATEGORY(lcGenerator, "concord.generator", QtWarningMsg)
