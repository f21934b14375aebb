package cn.dangjian;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;

/**
 * The C interface of dangjian.h, as JNA maps it. Handles are opaque pointers;
 * results come back in a {@link Buffer} freed with dj_buffer_free. The library
 * is looked for as JNA looks for any: in {@code jna.library.path}, then where the
 * system's loader looks ({@code LD_LIBRARY_PATH}, the ld.so cache).
 */
interface CInterface extends Library {
  /** The header version this binding was written against (DJ_VERSION_NUMBER). */
  int HEADER_VERSION = 300;
  String ENCODING = "UTF-8";

  CInterface DJ = load();

  private static CInterface load() {
    CInterface dj = Native.load("dangjian", CInterface.class, Map.of(Library.OPTION_STRING_ENCODING, ENCODING));
    if (dj.dj_check_version(HEADER_VERSION) != 0) {
      throw new DangjianException(DangjianException.VERSION_MISMATCH,
          "libdangjian " + dj.dj_version_string() + " cannot serve a binding written for 0.3.0");
    }
    return dj;
  }

  int FORMAT_BINARY = 2;

  /** size_t. */
  final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  @Structure.FieldOrder({"data", "size"})
  final class Buffer extends Structure {
    public Pointer data;
    public SizeT size;

    /** The bytes, then the buffer freed. */
    byte[] take() {
      try {
        return data == null ? new byte[0] : data.getByteArray(0, Math.toIntExact(size.longValue()));
      } finally {
        DJ.dj_buffer_free(this);
      }
    }
  }

  /** Option structs begin with their size, so that the library reads no more than this binding wrote. */
  abstract class Sized extends Structure {
    public SizeT struct_size;

    Sized() {
      setStringEncoding(ENCODING);
    }

    /** Sets struct_size once the fields are laid out. */
    <T extends Sized> T sized() {
      struct_size = new SizeT(size());
      @SuppressWarnings("unchecked")
      T self = (T) this;
      return self;
    }
  }

  @Structure.FieldOrder({"struct_size", "ignore_unknown_fields"})
  final class LoadOptions extends Sized {
    public int ignore_unknown_fields;
  }

  @Structure.FieldOrder({"struct_size", "as_of", "from", "scope", "rules", "lang", "format"})
  final class CheckOptions extends Sized {
    public String as_of;
    public String from;
    public String scope;
    public String rules;
    public String lang;
    public int format;
  }

  @Structure.FieldOrder({"struct_size", "as_of", "days", "scope", "lang", "format"})
  final class AgendaOptions extends Sized {
    public String as_of;
    public int days;
    public String scope;
    public String lang;
    public int format;
  }

  @Structure.FieldOrder({"struct_size", "as_of", "scope", "lang", "manual", "manual_size", "previous",
      "previous_size", "format", "inputs_format"})
  final class AssessOptions extends Sized {
    public String as_of;
    public String scope;
    public String lang;
    public Pointer manual;
    public SizeT manual_size = new SizeT();
    public Pointer previous;
    public SizeT previous_size = new SizeT();
    public int format;
    public int inputs_format;
  }

  @Structure.FieldOrder({"struct_size", "as_of", "from", "scope", "lang", "format"})
  final class StatsOptions extends Sized {
    public String as_of;
    public String from;
    public String scope;
    public String lang;
    public int format;
  }

  @Structure.FieldOrder({"struct_size", "as_of", "from", "lang"})
  final class EngineOptions extends Sized {
    public String as_of;
    public String from;
    public String lang;
  }

  int dj_check_version(int header_version);

  String dj_version_string();

  Pointer dj_last_error();

  void dj_buffer_free(Buffer buffer);

  int dj_profile_builtin(String id, PointerByReference out);

  int dj_profile_parse(byte[] data, SizeT size, int format, PointerByReference out);

  void dj_profile_destroy(Pointer profile);

  int dj_snapshot_load_with(byte[] data, SizeT size, int format, LoadOptions options, PointerByReference out);

  int dj_snapshot_load_file(String path, LoadOptions options, PointerByReference out);

  void dj_snapshot_destroy(Pointer snapshot);

  int dj_sample(Buffer out);

  int dj_check(Pointer snapshot, Pointer profile, CheckOptions options, Buffer out);

  int dj_agenda_for_rules(Pointer snapshot, Pointer profile, AgendaOptions options, String rules, Buffer out);

  int dj_rules(String lang, int format, Buffer out);

  int dj_profile_rules(Pointer profile, String lang, int format, Buffer out);

  int dj_profile_resolved(Pointer profile, int format, Buffer out);

  int dj_profile_list(int format, Buffer out);

  int dj_dues_standard(int category, long monthly_income_cents, Pointer profile, LongByReference out_cents);

  int dj_assess(Pointer snapshot, Pointer profile, String rubric, SizeT rubric_size, AssessOptions options,
      Buffer out);

  int dj_stats(Pointer snapshot, Pointer profile, StatsOptions options, Buffer out);

  int dj_engine_create(byte[] data, SizeT size, int format, Pointer profile, EngineOptions options,
      PointerByReference out);

  void dj_engine_destroy(Pointer engine);

  int dj_engine_apply(Pointer engine, byte[] event, SizeT size, int format, Buffer out);

  int dj_engine_apply_batch(Pointer engine, byte[] batch, SizeT size, int format, Buffer out);

  int dj_engine_advance(Pointer engine, String as_of, int format, Buffer out);

  int dj_engine_report(Pointer engine, int format, Buffer out);

  int dj_engine_export(Pointer engine, int format, Buffer out);

  int dj_engine_agenda(Pointer engine, AgendaOptions options, String rules, Buffer out);

  int dj_engine_assess(Pointer engine, String rubric, SizeT rubric_size, AssessOptions options, Buffer out);

  /** Throws the message of this thread's last failure unless {@code status} is DJ_OK. */
  static void check(int status) {
    if (status != 0) {
      Pointer message = DJ.dj_last_error();
      throw new DangjianException(status, message == null ? "" : message.getString(0, ENCODING));
    }
  }

  /** Runs a call that fills a buffer and returns its bytes. */
  static byte[] bytes(java.util.function.ToIntFunction<Buffer> call) {
    Buffer buffer = new Buffer();
    int status = call.applyAsInt(buffer);
    byte[] out = buffer.take();
    check(status);
    return out;
  }

  /** The size of a string passed as UTF-8 (without the NUL JNA adds), where a call takes text with its size. */
  static SizeT utf8Size(String text) {
    return new SizeT(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  /** A message the library wrote in binary, read with its generated class's parser. */
  static <T> T message(com.google.protobuf.Parser<T> parser, byte[] bytes) {
    try {
      return parser.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new DangjianException(DangjianException.INTERNAL, "the library's answer does not parse: " + e.getMessage());
    }
  }

  /** A profile handle: a built-in one by id, or one in textproto. */
  static Pointer profile(String id) {
    PointerByReference out = new PointerByReference();
    check(DJ.dj_profile_builtin(id, out));
    return out.getValue();
  }

  static Pointer parseProfile(String textproto) {
    byte[] data = textproto.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    PointerByReference out = new PointerByReference();
    check(DJ.dj_profile_parse(data, new SizeT(data.length), Format.TEXTPROTO.code, out));
    return out.getValue();
  }
}
