/*
 * N-API surface of the line scanner (see src/prefilter/line-scan.ts for the contract):
 *   compile(needles: string[], report: Uint8Array, escapedChars: string, kelvin: boolean,
 *           dottedI: boolean, masks: boolean, irregular: boolean, ceiling: number)
 *     -> { handle, kernel }       report[i] != 0: needle i reports its line
 *   scan(handle, buf: Uint8Array, from, to, out: Uint32Array, progress: Uint32Array) -> lines
 * scan writes resumeAt and newlines into progress[0..1], so a call allocates nothing.
 * The TypeScript wrapper validates arguments with readable messages; the checks here only
 * keep a bad call from touching memory outside the arrays.
 */
#define NAPI_VERSION 8
#include <math.h>
#include <node_api.h>
#include <stdlib.h>

#include "kernels.h"

#define COMPILE_ARGS 8

#define CHECK(env, call)                                  \
  do {                                                    \
    if ((call) != napi_ok) return throw_last_error(env);  \
  } while (0)

static napi_value throw_last_error(napi_env env) {
  const napi_extended_error_info *info = NULL;
  napi_get_last_error_info(env, &info);
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) {
    const char *message = info && info->error_message ? info->error_message : "N-API call failed";
    napi_throw_error(env, NULL, message);
  }
  return NULL;
}

static napi_value fail(napi_env env, const char *message) {
  napi_throw_range_error(env, NULL, message);
  return NULL;
}

/* Marks the externals compile returns, so scan never mistakes another addon's for a set. */
static const napi_type_tag SET_TAG = {0x6c696e655f736361ull, 0x6e5f7365745f7631ull};

static void release(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  ns_free(data);
}

/* Reads a string's Latin-1 bytes into a fresh buffer the caller frees. */
static napi_status read_latin1(napi_env env, napi_value value, uint8_t **bytes, size_t *len) {
  napi_status s = napi_get_value_string_latin1(env, value, NULL, 0, len);
  if (s != napi_ok) return s;
  *bytes = malloc(*len + 1);
  if (!*bytes) return napi_generic_failure;
  return napi_get_value_string_latin1(env, value, (char *)*bytes, *len + 1, len);
}

static napi_status typed_array(napi_env env, napi_value value, napi_typedarray_type want,
                               void **data, size_t *length) {
  bool is = false;
  napi_status s = napi_is_typedarray(env, value, &is);
  if (s != napi_ok) return s;
  if (!is) return napi_invalid_arg;
  napi_typedarray_type type;
  s = napi_get_typedarray_info(env, value, &type, length, data, NULL, NULL);
  if (s != napi_ok) return s;
  return type == want ? napi_ok : napi_invalid_arg;
}

/* argv as compile takes it; spec has its needles already. */
static napi_value compile_set(napi_env env, napi_value *argv, ns_spec *spec) {
  void *report = NULL;
  size_t nreport = 0;
  bool kelvin = false, dotted_i = false, masks = false, irregular = false;
  int32_t ceiling = 0;
  if (napi_get_value_bool(env, argv[3], &kelvin) != napi_ok ||
      napi_get_value_bool(env, argv[4], &dotted_i) != napi_ok ||
      napi_get_value_bool(env, argv[5], &masks) != napi_ok ||
      napi_get_value_bool(env, argv[6], &irregular) != napi_ok ||
      napi_get_value_int32(env, argv[7], &ceiling) != napi_ok)
    return throw_last_error(env);
  if (typed_array(env, argv[1], napi_uint8_array, &report, &nreport) != napi_ok ||
      nreport != spec->nneedles)
    return fail(env, "compile takes a Uint8Array of one report flag per needle");
  if (masks && spec->nneedles > NS_MAX_MASKED) return fail(env, "masks hold at most 64 needles");
  uint8_t *escaped = NULL;
  size_t nescaped = 0;
  if (read_latin1(env, argv[2], &escaped, &nescaped) != napi_ok) return throw_last_error(env);
  const char *kernel_name;
  ns_kernel_fn kernel = ns_pick_kernel(ceiling, &kernel_name);
  spec->report = report;
  spec->escaped = escaped;
  spec->nescaped = nescaped;
  spec->kelvin = kelvin;
  spec->dotted_i = dotted_i;
  spec->masks = masks;
  spec->irregular = irregular;
  ns_set *set = ns_compile(spec, kernel == ns_scan_scalar);
  free(escaped);
  if (!set) {
    napi_throw_error(env, NULL, "out of memory compiling the needle set");
    return NULL;
  }
  set->kernel = kernel;

  napi_value result, handle, name;
  if (napi_create_external(env, set, release, NULL, &handle) != napi_ok) {
    ns_free(set);
    return throw_last_error(env);
  }
  CHECK(env, napi_type_tag_object(env, handle, &SET_TAG));
  CHECK(env, napi_create_string_utf8(env, kernel_name, NAPI_AUTO_LENGTH, &name));
  CHECK(env, napi_create_object(env, &result));
  CHECK(env, napi_set_named_property(env, result, "handle", handle));
  CHECK(env, napi_set_named_property(env, result, "kernel", name));
  return result;
}

static napi_value compile(napi_env env, napi_callback_info info) {
  size_t argc = COMPILE_ARGS;
  napi_value argv[COMPILE_ARGS];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < COMPILE_ARGS) return fail(env, "compile takes 8 arguments");
  uint32_t count = 0;
  CHECK(env, napi_get_array_length(env, argv[0], &count));
  ns_text *needles = calloc(count ? count : 1, sizeof *needles);
  if (!needles) return fail(env, "out of memory reading the needles");
  napi_value result = NULL;
  uint32_t i = 0;
  for (; i < count; i++) {
    napi_value item;
    uint8_t *bytes = NULL;
    napi_status s = napi_get_element(env, argv[0], i, &item);
    if (s == napi_ok) s = read_latin1(env, item, &bytes, &needles[i].len);
    needles[i].bytes = bytes;
    if (s != napi_ok) {
      throw_last_error(env);
      break;
    }
    if (needles[i].len < 2) {
      fail(env, "needles are at least 2 bytes long");
      break;
    }
  }
  if (i == count) {
    ns_spec spec = {.needles = needles, .nneedles = count};
    result = compile_set(env, argv, &spec);
  }
  for (uint32_t j = 0; j < count; j++) free((void *)needles[j].bytes);
  free(needles);
  return result;
}

static int offset_arg(napi_env env, napi_value value, size_t limit, size_t *out) {
  double v;
  if (napi_get_value_double(env, value, &v) != napi_ok) return 0;
  if (!(v >= 0 && v <= (double)limit && v == floor(v))) return 0;
  *out = (size_t)v;
  return 1;
}

static napi_value scan(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  CHECK(env, napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  if (argc < 6) return fail(env, "scan takes 6 arguments");
  ns_set *set;
  void *buf, *out, *progress;
  size_t buflen, outlen, progresslen, from, to;
  bool tagged = false;
  napi_check_object_type_tag(env, argv[0], &SET_TAG, &tagged);
  if (!tagged) return fail(env, "scan takes a handle from compile");
  CHECK(env, napi_get_value_external(env, argv[0], (void **)&set));
  if (typed_array(env, argv[1], napi_uint8_array, &buf, &buflen) != napi_ok ||
      typed_array(env, argv[4], napi_uint32_array, &out, &outlen) != napi_ok ||
      typed_array(env, argv[5], napi_uint32_array, &progress, &progresslen) != napi_ok)
    return fail(env, "scan takes a Uint8Array, and Uint32Arrays for out and progress");
  size_t max_offset = buflen < UINT32_MAX ? buflen : UINT32_MAX;
  if (!offset_arg(env, argv[3], max_offset, &to) || !offset_arg(env, argv[2], to, &from))
    return fail(env, "scan needs integers 0 <= from <= to <= min(buf.length, 2^32 - 1)");
  size_t stride = ns_stride(set);
  if (outlen < stride || progresslen < 2) return fail(env, "out holds no record, or progress < 2");

  ns_progress done;
  size_t lines = set->kernel(set, buf, buflen, from, to, out, outlen / stride, &done);
  ((uint32_t *)progress)[0] = (uint32_t)done.resume;
  ((uint32_t *)progress)[1] = done.newlines;
  napi_value result;
  CHECK(env, napi_create_uint32(env, (uint32_t)lines, &result));
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"compile", NULL, compile, NULL, NULL, NULL, napi_enumerable, NULL},
      {"scan", NULL, scan, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, 2, props) != napi_ok) return NULL;
  return exports;
}
