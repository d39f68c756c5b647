#include "Logging.h"

Q_LOGGING_CATEGORY(lcConnectors, "concord.connectors", QtWarningMsg)
