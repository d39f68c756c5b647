#include "Logging.h"

Q_LOGGING_CATEGORY(lcCore, "concord.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSnapshot, "concord.snapshot", QtWarningMsg)
