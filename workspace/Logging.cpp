#include "Logging.h"

Q_LOGGING_CATEGORY(lcWorkspace, "concord.workspace", QtWarningMsg)
