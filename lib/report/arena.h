#pragma once

#include "google/protobuf/arena.h"

namespace dangjian::report {

// The options of an arena for a message that may hold hundreds of
// megabytes: the delta of the first day of a month, which reminds every
// branch of the month's obligations (735 thousand findings at a province),
// or a check's report. Its blocks grow from 64 KB to 64 MB. Those smaller
// than 2 MB come from the heap, so that a small message costs what it costs
// there; the larger are each mapped apart and, where the kernel gives huge
// pages on request (Linux's transparent huge pages, "madvise"), backed by
// them: a page fault for each 2 MB written rather than each 4 KB, which is
// most of the time such a delta takes on the heap. Running out of memory
// throws std::bad_alloc, as the heap does.
google::protobuf::ArenaOptions LargeMessageArena();

}  // namespace dangjian::report
