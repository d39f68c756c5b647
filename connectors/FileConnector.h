#pragma once

#include "Connector.h"

#include <QFile>

namespace concord {

// What CSV and JSON files have in common as systems: one entity named after the file's
// base name ("marketing" for marketing.csv), no connection to hold (every read opens
// the file afresh), and errors that name the system and the file.
class FileConnector : public Connector
{
public:
    // kind names the format in messages ("CSV", "JSON"); spec.database is the path.
    FileConnector(const ConnectionSpec& spec, QString kind);

    Result<void> open() override;
    void close() override {}
    Result<QStringList> entities() override;
    const QString& filePath() const { return m_path; }

protected:
    // The entity may be named by the base name entities() lists, by the path, or left empty.
    Result<void> checkEntity(const QString& entity) const;
    Result<void> openFile(QFile& file) const;
    Error error(const QString& message) const;

    QString m_path;
    QString m_system;
    QString m_entity;

private:
    QString m_kind;
};

} // namespace concord
