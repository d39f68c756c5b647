#include "Connector.h"
#include "CsvConnector.h"
#include "JsonConnector.h"
#include "SqlConnector.h"

using namespace Qt::StringLiterals;

namespace concord {

Result<std::unique_ptr<Connector>> createConnector(const ConnectionSpec& spec)
{
    const QString driver = spec.driver.toLower();
    if (!SqlConnector::qtDriverName(driver).isEmpty())
        return std::unique_ptr<Connector>(std::make_unique<SqlConnector>(spec));
    if (driver == "csv"_L1)
        return std::unique_ptr<Connector>(std::make_unique<CsvConnector>(spec));
    if (driver == "json"_L1)
        return std::unique_ptr<Connector>(std::make_unique<JsonConnector>(spec));
    return makeError(
        u"system '%1': unknown driver '%2' (expected sqlite, postgresql, mariadb, csv or json)"_s.arg(
            spec.name, spec.driver));
}

} // namespace concord
