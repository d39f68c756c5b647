#pragma once

#include "CustomerModel.h"

#include <QList>
#include <QVariant>

namespace concord::gen {

// One source row, column by column in SystemSchema order. A null QVariant is SQL NULL.
using RowValues = QList<QVariant>;

// Renders a customer the way each system stores it: its own phone, name, company,
// state, date and amount conventions. Column 0 (the key) is left for the pipeline,
// which numbers rows in the order they are written.
namespace RowFormatter {

void mainRow(SystemId system, const Customer& customer, RowValues& row);
void duplicateRow(const Customer& customer, RowValues& row);

} // namespace RowFormatter

// Canonical forms used by the truth file.
namespace Canonical {

QString phone(const QString& tenDigits); // +14155550101
QString money(qint64 cents);             // 1234.50, -12.00
QString company(int company);            // Acme Logistics Inc
QString stateCode(int state);            // CA

} // namespace Canonical

} // namespace concord::gen
