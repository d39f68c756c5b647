#pragma once

#include <QString>
#include <QStringView>

// Title Case for names a legacy system stored in one case ("O'BRIEN", "tri-county").
// Internal to core/normalize.
namespace concord::normalize_detail {

enum class TitleCaseStyle
{
    Person,  // "MCDONALD" -> "McDonald"
    Company, // "Mc" left alone: "MCKESSON" -> "Mckesson" is as likely wrong as right
};

// One space-free word: every part after a hyphen or slash is capitalised ("JEAN-LUC" ->
// "Jean-Luc"); after an apostrophe only when a single letter precedes it ("O'BRIEN" ->
// "O'Brien", "D'ANGELO" -> "D'Angelo", but "JOE'S" -> "Joe's").
QString titleCaseWord(QStringView word, TitleCaseStyle style);

} // namespace concord::normalize_detail
