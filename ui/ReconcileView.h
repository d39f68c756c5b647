#pragma once

#include "SessionResults.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace concord {

class ReconcileGridModel;
class WorkspaceSession;

// The reconcile grid: one row per customer, the resolved value of each field, coloured by
// state, with a filter bar (only differences, field, system, review state, free text). Filters
// and sorts run on a worker inside the model; the grid keeps fixed row heights and never sizes
// to contents, so a million customers scroll like ten.
class ReconcileView : public QWidget
{
    Q_OBJECT

public:
    explicit ReconcileView(WorkspaceSession* session, QWidget* parent = nullptr);

    ReconcileGridModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QCheckBox* onlyDifferences() const { return m_onlyDifferences; }
    QLineEdit* search() const { return m_search; }
    QString countText() const;

public Q_SLOTS:
    void focusSearch();

Q_SIGNALS:
    void recordSelected(const concord::RecordRef& record);
    void countsChanged(const QString& text);

private:
    void applyFilter();
    void refillChoices();
    void onRowsReady(int shown, qint64 total, double seconds);
    void onCurrentChanged(const QModelIndex& current);

    WorkspaceSession* m_session = nullptr;
    ReconcileGridModel* m_model = nullptr;
    QCheckBox* m_onlyDifferences = nullptr;
    QComboBox* m_field = nullptr;
    QComboBox* m_system = nullptr;
    QComboBox* m_review = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_count = nullptr;
    QTableView* m_table = nullptr;
    QTimer m_searchDelay;
    QString m_countText;
};

} // namespace concord
