#include "Normalize.h"
#include "TextFolding.h"

namespace concord {

using namespace normalize_detail;

// Free text (street, city, custom columns): only the spelling noise is removed. The key
// keeps punctuation, because in free text it can carry meaning ("Suite 2-B" vs "Suite 2B"
// is the caller's call, not this rule's).
Normalized normalizeText(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    QString value = cleanText(raw);
    QString key = foldCase(value);
    return valid(std::move(value), std::move(key));
}

} // namespace concord
