// One page of a List (AIP-158) over a Table, read the same way for every resource store and for
// the audit trail.
#ifndef DISTRICT_COMMON_LIST_PAGE_H_
#define DISTRICT_COMMON_LIST_PAGE_H_

#include <functional>
#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/page_token.h"
#include "common/store.h"

namespace district {

template <typename T>
struct ListPage {
  std::vector<T> items;
  std::string next_page_token;
};

// The records of `table` for which `matches` (when set) holds, in id order: all of them, or with
// `index` set only the ids under `value` in it (the caller's most selective filter). At most
// `page_size`, after the record `page_token` names; the token is bound to `request` (the List
// request: its filters, without paging fields).
template <typename T>
absl::StatusOr<ListPage<T>> ReadPage(const Store& store, const Table<T>& table, const Index* index,
                                     absl::string_view value,
                                     const google::protobuf::Message& request, int page_size,
                                     absl::string_view page_token,
                                     const std::function<bool(const T&)>& matches = nullptr) {
  const uint64_t query = QueryFingerprint(request);
  absl::StatusOr<std::string> after = DecodePageToken(page_token, query);
  if (!after.ok()) return after.status();
  ListPage<T> page;
  // Takes each candidate; false once the page is full and one more match shows there is more.
  auto take = [&](const T& record) {
    if (matches != nullptr && !matches(record)) return true;
    if (static_cast<int>(page.items.size()) == page_size) {
      page.next_page_token = EncodePageToken(query, page.items.back().id());
      return false;
    }
    page.items.push_back(record);
    return true;
  };
  absl::Status s;
  absl::Status read_error;
  if (index == nullptr) {
    s = table.Scan(store, "", *after, [&](absl::string_view, const T& r) { return take(r); });
  } else {
    s = index->Scan(store, value, *after, [&](absl::string_view id) {
      absl::StatusOr<T> r = table.Get(store, id);
      if (!r.ok()) {
        read_error = r.status();
        return false;
      }
      return take(*r);
    });
  }
  if (!s.ok()) return s;
  if (!read_error.ok()) return read_error;
  return page;
}

}  // namespace district

#endif  // DISTRICT_COMMON_LIST_PAGE_H_
