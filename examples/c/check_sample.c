/* Checks the bundled sample city through the C interface and prints the report. */
#include <stdio.h>
#include <string.h>

#include <dangjian.h>

int main(void) {
  dj_buffer sample = {0}, report = {0};
  dj_snapshot* snapshot = NULL;
  dj_profile* profile = NULL;
  dj_check_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  options.format = DJ_FORMAT_TEXT;
  int ok = dj_check_version(DJ_VERSION_NUMBER) == DJ_OK && dj_sample(&sample) == DJ_OK &&
           dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot) == DJ_OK &&
           dj_profile_builtin("national", &profile) == DJ_OK &&
           dj_check(snapshot, profile, &options, &report) == DJ_OK;
  if (ok) fwrite(report.data, 1, report.size, stdout);
  else fprintf(stderr, "dangjian: %s\n", dj_last_error());
  dj_buffer_free(&report);
  dj_buffer_free(&sample);
  dj_profile_destroy(profile);
  dj_snapshot_destroy(snapshot);
  return ok ? 0 : 1;
}
