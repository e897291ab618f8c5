// Hostile .xlsx files, made in memory for tests of the upload door: a zip that lies about its
// member's size, and a deflate bomb. Each has one member, xl/worksheets/sheet1.xml.
#ifndef DISTRICT_TESTS_SUPPORT_HOSTILE_ZIP_H_
#define DISTRICT_TESTS_SUPPORT_HOSTILE_ZIP_H_

#include <zlib.h>

#include <cstdint>
#include <string>

namespace district::testing {
namespace hostile_zip_internal {

inline void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}
inline void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

// A zip of one deflated member whose headers state `claimed_size` as its inflated size.
inline std::string ZipOf(const std::string& deflated, uint32_t crc, uint32_t claimed_size) {
  const std::string name = "xl/worksheets/sheet1.xml";
  std::string zip;
  auto common = [&](std::string* out) {
    Put16(out, 20);  // version needed
    Put16(out, 0);   // flags
    Put16(out, 8);   // deflate
    Put32(out, 0);   // time, date
    Put32(out, crc);
    Put32(out, static_cast<uint32_t>(deflated.size()));
    Put32(out, claimed_size);
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);  // extra
  };
  Put32(&zip, 0x04034b50);
  common(&zip);
  zip += name;
  zip += deflated;
  const uint32_t directory = static_cast<uint32_t>(zip.size());
  Put32(&zip, 0x02014b50);
  Put16(&zip, 20);  // made by
  common(&zip);
  Put16(&zip, 0);  // comment
  Put16(&zip, 0);  // disk
  Put16(&zip, 0);  // internal attributes
  Put32(&zip, 0);  // external attributes
  Put32(&zip, 0);  // the local header's offset
  zip += name;
  const uint32_t directory_size = static_cast<uint32_t>(zip.size()) - directory;
  Put32(&zip, 0x06054b50);
  Put32(&zip, 0);  // disks
  Put16(&zip, 1);
  Put16(&zip, 1);
  Put32(&zip, directory_size);
  Put32(&zip, directory);
  Put16(&zip, 0);
  return zip;
}

// Raw deflate of `prefix`, `repeat` spaces and `suffix`, made a chunk at a time; its CRC-32.
inline std::string Deflate(const std::string& prefix, size_t repeat, const std::string& suffix,
                           uint32_t* crc_out) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out;
  uLong crc = crc32(0, nullptr, 0);
  const std::string spaces(1 << 20, ' ');
  char buffer[1 << 16];
  auto feed = [&](const std::string& data, int flush) {
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size()));
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    do {
      z.next_out = reinterpret_cast<Bytef*>(buffer);
      z.avail_out = sizeof buffer;
      deflate(&z, flush);
      out.append(buffer, sizeof buffer - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(prefix, Z_NO_FLUSH);
  for (size_t left = repeat; left > 0;) {
    const size_t n = left < spaces.size() ? left : spaces.size();
    feed(spaces.substr(0, n), Z_NO_FLUSH);
    left -= n;
  }
  feed(suffix, Z_FINISH);
  deflateEnd(&z);
  *crc_out = static_cast<uint32_t>(crc);
  return out;
}

}  // namespace hostile_zip_internal

// A few hundred bytes whose only member claims to inflate to 3.9 GiB.
inline std::string LyingZip() {
  uint32_t crc;
  const std::string deflated =
      hostile_zip_internal::Deflate("<worksheet><sheetData>", 16, "</sheetData></worksheet>", &crc);
  return hostile_zip_internal::ZipOf(deflated, crc, 0xF0000000u);
}

// A sheet of `spaces` spaces between its tags, which deflate to about a thousandth of that; its
// headers tell the truth.
inline std::string DeflateBomb(size_t spaces) {
  const std::string prefix = "<worksheet><sheetData>", suffix = "</sheetData></worksheet>";
  uint32_t crc;
  const std::string deflated = hostile_zip_internal::Deflate(prefix, spaces, suffix, &crc);
  return hostile_zip_internal::ZipOf(deflated, crc,
                                     static_cast<uint32_t>(prefix.size() + spaces + suffix.size()));
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_HOSTILE_ZIP_H_
