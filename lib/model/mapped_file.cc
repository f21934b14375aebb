#include "lib/model/mapped_file.h"

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dangjian::model {

absl::StatusOr<std::unique_ptr<MappedFile>> MappedFile::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return absl::NotFoundError("cannot read");
  struct stat st;
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::NotFoundError("cannot read");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* mapped = size == 0 ? nullptr : ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (mapped == MAP_FAILED) {
    const int map_error = errno;
    ::close(fd);
    // No room for the mapping (an address-space limit): memory, not the file.
    return map_error == ENOMEM ? absl::ResourceExhaustedError("out of memory") : absl::NotFoundError("cannot read");
  }
  return std::unique_ptr<MappedFile>(new MappedFile(fd, static_cast<char*>(mapped), size));
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(data_, size_);
  ::close(fd_);
}

void MappedFile::Sequential() {
  if (data_ != nullptr) ::madvise(data_, size_, MADV_SEQUENTIAL);
}

void MappedFile::ReleaseBefore(size_t end) {
  static const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  end = std::min(end, size_);
  if (end < released_) released_ = 0;
  const size_t first = released_ / page * page, last = end / page * page;
  if (data_ != nullptr && first < last) ::madvise(data_ + first, last - first, MADV_DONTNEED);
  released_ = end;
}

bool MappedFile::CopyOut(size_t offset, size_t n, char* out) const {
  if (offset > size_ || n > size_ - offset) return false;
  while (n > 0) {
    const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return false;  // an error, or the file cut short since it was mapped
    out += got, offset += static_cast<size_t>(got), n -= static_cast<size_t>(got);
  }
  return true;
}

}  // namespace dangjian::model
