// One page of a List (AIP-158), read the same way for every resource store and for the audit
// trail: over a Table on disk, or over the records a resident store keeps in memory.
//
// Pure functions of their arguments (the walk reads the store, which is thread-safe).
#ifndef DISTRICT_COMMON_LIST_PAGE_H_
#define DISTRICT_COMMON_LIST_PAGE_H_

#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/repeated_ptr_field.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/page_token.h"
#include "common/store.h"
#include "common/validation.h"

namespace district {

// The most bytes of records one page carries: half the message limit (common/server.h), so that a
// full page stays well inside every client's limit. A page holds at least one record.
inline constexpr size_t kMaxPageBytes = 4 << 20;

template <typename T>
struct ListPage {
  std::vector<T> items;
  std::string next_page_token;
};

// The filter a List walks by: the first of `filters` (index name, value; most selective first)
// whose value is set, or {"", ""} to walk every record. An enum filter's value is its name, or ""
// when UNSPECIFIED; a number's, its digits or "" when 0.
inline std::pair<std::string, std::string> FirstSetFilter(
    std::initializer_list<std::pair<const char*, std::string>> filters) {
  for (const auto& [index, value] : filters) {
    if (!value.empty()) return {index, value};
  }
  return {"", ""};
}

// Moves a page's records into a response's repeated field, and its token into the response's.
template <typename T>
void MovePage(ListPage<T>& page, google::protobuf::RepeatedPtrField<T>* items,
              std::string* next_page_token) {
  for (T& item : page.items) *items->Add() = std::move(item);
  *next_page_token = std::move(page.next_page_token);
}

// The candidates of one List walked in id order: calls take(record) for each record after
// `after` (from the first when empty) until take returns false.
template <typename T>
using WalkFn =
    std::function<absl::Status(absl::string_view after, const std::function<bool(const T&)>& take)>;

// The records `walk` yields for which `matches` (when set) holds: at most `page_size` and at most
// kMaxPageBytes of them (the page ends early, with a token, when the next would pass it), after the
// record `page_token` names; the token is bound to `request` (the List request: its filters,
// without paging fields).
template <typename T>
absl::StatusOr<ListPage<T>> ReadPage(const WalkFn<T>& walk,
                                     const google::protobuf::Message& request, int page_size,
                                     absl::string_view page_token,
                                     const std::function<bool(const T&)>& matches = nullptr) {
  const uint64_t query = QueryFingerprint(request);
  absl::StatusOr<std::string> after = DecodePageToken(page_token, query);
  if (!after.ok()) return after.status();
  ListPage<T> page;
  size_t page_bytes = 0;
  // Takes each candidate; false once the page is full and one more match shows there is more.
  auto take = [&](const T& record) {
    if (matches != nullptr && !matches(record)) return true;
    const size_t bytes = record.ByteSizeLong();
    if (static_cast<int>(page.items.size()) == page_size ||
        (!page.items.empty() && page_bytes + bytes > kMaxPageBytes)) {
      page.next_page_token = EncodePageToken(query, page.items.back().id());
      return false;
    }
    page.items.push_back(record);
    page_bytes += bytes;
    return true;
  };
  if (absl::Status s = walk(*after, take); !s.ok()) return s;
  return page;
}

// ReadPage over the records of `table`: all of them, or with `index` set only the ids under
// `value` in it (the caller's most selective filter).
template <typename T>
absl::StatusOr<ListPage<T>> ReadPage(const Store& store, const Table<T>& table, const Index* index,
                                     absl::string_view value,
                                     const google::protobuf::Message& request, int page_size,
                                     absl::string_view page_token,
                                     const std::function<bool(const T&)>& matches = nullptr) {
  const WalkFn<T> walk = [&](absl::string_view after, const std::function<bool(const T&)>& take) {
    if (index == nullptr) {
      return table.Scan(store, "", after, [&](absl::string_view, const T& r) { return take(r); });
    }
    absl::Status read_error;
    absl::Status s = index->Scan(store, value, after, [&](absl::string_view id) {
      absl::StatusOr<T> r = table.Get(store, id);
      if (!r.ok()) {
        read_error = r.status();
        return false;
      }
      return take(*r);
    });
    return s.ok() ? read_error : s;
  };
  return ReadPage(walk, request, page_size, page_token, matches);
}

// One page of a List whose records are all at hand, filtered and in the List's order (a project's
// milestones, a computed view such as reminders): the records after the position `page_token`
// names, at most `page_size` of them (0: kMaxPageSize, so that a v1 client which sends no page size
// still gets every record of a list that fits one page) and at most kMaxPageBytes. `position(r)`
// is r's place in that order as a string that increases strictly along `all` (an id, a zero-padded
// month or index); the token carries the last position returned, so a record added or removed
// between two pages neither repeats nor hides the ones after it. INVALID_ARGUMENT naming page_size
// or page_token as ResolvePageSize and DecodePageToken.
template <typename T>
absl::StatusOr<ListPage<T>> PageOf(std::vector<T> all, const google::protobuf::Message& request,
                                   int32_t page_size, absl::string_view page_token,
                                   const std::function<std::string(const T&)>& position) {
  int size = kMaxPageSize;
  if (page_size != 0) {
    absl::StatusOr<int> resolved = ResolvePageSize(page_size);
    if (!resolved.ok()) return resolved.status();
    size = *resolved;
  }
  const uint64_t query = QueryFingerprint(request);
  absl::StatusOr<std::string> after = DecodePageToken(page_token, query);
  if (!after.ok()) return after.status();
  ListPage<T> page;
  size_t page_bytes = 0;
  for (T& record : all) {
    if (!after->empty() && position(record) <= *after) continue;
    const size_t bytes = record.ByteSizeLong();
    if (static_cast<int>(page.items.size()) == size ||
        (!page.items.empty() && page_bytes + bytes > kMaxPageBytes)) {
      page.next_page_token = EncodePageToken(query, position(page.items.back()));
      break;
    }
    page_bytes += bytes;
    page.items.push_back(std::move(record));
  }
  return page;
}

}  // namespace district

#endif  // DISTRICT_COMMON_LIST_PAGE_H_
