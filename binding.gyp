{
  "targets": [
    {
      "target_name": "line_scan",
      "sources": [
        "native/line_scan.c",
        "native/needle_set.c",
        "native/drafts.c",
        "native/fingerprint.c",
        "native/scan_scalar.c",
        "native/scan_x86.c"
      ],
      "cflags": ["-O3", "-std=c11", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "xcode_settings": {
        "GCC_OPTIMIZATION_LEVEL": "3",
        "OTHER_CFLAGS": ["-std=c11"]
      }
    }
  ]
}
