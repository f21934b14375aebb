// The cursor over wire bytes and ForEachRecord; included by wire.h.
#ifndef DANGJIAN_LIB_MODEL_WIRE_INL_H_
#define DANGJIAN_LIB_MODEL_WIRE_INL_H_

namespace dangjian::model::wire {

enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLength = 2, kStartGroup = 3, kEndGroup = 4, kFixed32 = 5 };

class Cursor {
 public:
  explicit Cursor(sv bytes) : p_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}
  bool done() const { return p_ == end_; }
  const char* at() const { return reinterpret_cast<const char*>(p_); }

  // At most ten bytes, as the generated parser reads them.
  bool Varint(uint64_t& v) {
    if (end_ - p_ >= 10) {  // no end within reach: no check of it byte by byte
      v = 0;
      for (int i = 0; i < 10; ++i) {
        const uint8_t b = p_[i];
        v |= uint64_t{b & 0x7Fu} << (7 * i);
        if (b < 0x80) {
          p_ += i + 1;
          return true;
        }
      }
      return false;
    }
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) return false;
      const uint8_t b = *p_++;
      v |= uint64_t{b & 0x7Fu} << shift;
      if (b < 0x80) return true;
    }
    return false;
  }
  bool Tag(uint32_t& field, uint32_t& type) {
    uint64_t v;
    if (!Varint(v) || v > UINT32_MAX) return false;
    field = static_cast<uint32_t>(v >> 3);
    type = static_cast<uint32_t>(v & 7);
    return field != 0;
  }
  bool Bytes(sv& out) {
    uint64_t n;
    if (!Varint(n) || n > static_cast<uint64_t>(end_ - p_)) return false;
    out = sv(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    return true;
  }
  // Skips a field of `type` whose tag was just read. A group (no field of
  // the schema is one) is skipped to its end, as the generated parser skips
  // an unknown one, up to 32 deep.
  bool Skip(uint32_t field, uint32_t type, int depth = 0) {
    uint64_t v;
    sv s;
    switch (type) {
      case kVarint: return Varint(v);
      case kFixed64: return Advance(8);
      case kLength: return Bytes(s);
      case kFixed32: return Advance(4);
      case kStartGroup: {
        if (depth >= 32) return false;
        uint32_t f, t;
        for (;;) {
          if (!Tag(f, t)) return false;
          if (t == kEndGroup) return f == field;
          if (!Skip(f, t, depth + 1)) return false;
        }
      }
      default: return false;  // an end of group with no start, or no wire type at all
    }
  }

 private:
  bool Advance(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) return false;
    p_ += n;
    return true;
  }
  const uint8_t* p_;
  const uint8_t* end_;
};

template <typename Record, typename Version>
bool ForEachRecord(sv snapshot, Record record, Version version) {
  Cursor c(snapshot);
  uint32_t field, type;
  while (!c.done()) {
    if (!c.Tag(field, type)) return false;
    if (field == 1 && type == kVarint) {
      uint64_t v;
      if (!c.Varint(v)) return false;
      version(static_cast<int32_t>(v));
    } else if (field >= 2 && field <= 10 && type == kLength) {
      sv bytes;
      if (!c.Bytes(bytes) || !record(field, bytes)) return false;
    } else if (!c.Skip(field, type)) {
      return false;
    }
  }
  return true;
}

}  // namespace dangjian::model::wire

#endif  // DANGJIAN_LIB_MODEL_WIRE_INL_H_
