#pragma once

#include "SourceDiscovery.h"

#include <QAbstractTableModel>
#include <QPointer>
#include <QUndoCommand>

class QUndoStack;

namespace concord {

// One system's columns against the canonical fields, as the mapping editor shows and edits
// them: the field each column feeds (pending, until saved), what else a column is (the key, the
// version, the soft-delete flag, a custom field nobody maps), the field's type and normalization
// rule, and how the column's sample values normalize (how many fail). Edits go through the undo
// stack; nothing is written before Save.
class MappingModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ColumnColumn,
        SourceTypeColumn,
        FieldColumn, // editable: the canonical field, or none
        RuleColumn,
        SampleColumn,
        FailsColumn,
        ColumnCount
    };
    enum Roles
    {
        FieldNameRole = Qt::UserRole + 1, // FieldColumn: the field's name ("" = not mapped)
        FailCountRole,                    // FailsColumn: sample values that fail, as a number
    };

    explicit MappingModel(QObject* parent = nullptr);

    void setUndoStack(QUndoStack* stack) { m_stack = stack; }
    // A system, its saved mappings, the canonical fields and what its source holds (columns and
    // sample rows). Resets the pending edits.
    void setSystem(const SystemConfig& system, const QList<FieldMapping>& saved,
                   const QList<CanonicalField>& fields, const SourceSample& sample);
    void clear();
    // Drops every pending edit and added field: the saved mapping again.
    void revertPending();
    // A field added in the editor (not yet saved): offered to every column.
    void addField(const CanonicalField& field);

    const SystemConfig& system() const { return m_system; }
    const QList<CanonicalField>& fields() const { return m_fields; }
    QList<CanonicalField> addedFields() const { return m_addedFields; }
    QList<FieldMapping> savedMappings() const;
    QList<FieldMapping> pendingMappings() const;
    bool isDirty() const;
    // Problems that keep the pending mapping from being saved (a field fed by two columns).
    QStringList problems() const;

    QString fieldOf(int row) const;
    // Sets the pending field of a column (no undo: the commands call it).
    void setFieldOf(int row, const QString& field);
    int rowOfColumn(const QString& column) const;
    // The column's sample values: raw, normalized with the field's rule, and why it failed.
    struct SampleValue
    {
        QString raw;
        QString normalized;
        QString problem;
    };
    QList<SampleValue> sampleOf(int row) const;
    QString ruleOf(const QString& field) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    // Editing FieldColumn pushes an undoable edit (or applies it when there is no stack).
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    void pendingChanged();

private:
    QString identityRoleOf(const QString& column) const;
    int failuresOf(int row) const;
    void normalizeSample(int row);

    QPointer<QUndoStack> m_stack;
    SystemConfig m_system;
    QList<CanonicalField> m_fields;
    QList<CanonicalField> m_addedFields;
    QList<ColumnInfo> m_columns;
    QList<QStringList> m_rows;           // sample rows, one value per column
    QStringList m_saved;                 // per row: the saved field ("" = none)
    QStringList m_pending;               // per row: the pending field
    QList<QList<SampleValue>> m_samples; // per row: the sample normalized with the pending field's rule
    QList<int> m_failures;               // per row: how many of them fail
};

// "Map crm.email_addr to email": one pending edit; touches only the model.
class EditMappingCommand : public QUndoCommand
{
public:
    EditMappingCommand(MappingModel* model, QString system, QString column, QString before, QString after);
    void redo() override;
    void undo() override;

private:
    void set(const QString& field);

    QPointer<MappingModel> m_model;
    QString m_system;
    QString m_column;
    QString m_before;
    QString m_after;
};

} // namespace concord
