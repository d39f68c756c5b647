#include "Logging.h"

Q_LOGGING_CATEGORY(lcCore, "concord.core")
Q_LOGGING_CATEGORY(lcSnapshot, "concord.snapshot")
