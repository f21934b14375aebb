package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.ProfileList;

/**
 * The built-in profiles: national (全国) and the provinces' and organs' that
 * extend it. A profile of one's own, in textproto, is given to
 * {@link Checker#withProfile} or {@link Engine#withProfile}; what it resolves
 * to and which rules it checks, a {@link Checker} tells ({@link Checker#policy},
 * {@link Checker#rules}). Safe from any thread.
 */
public final class Profiles {
  private Profiles() {}

  /** Each built-in profile's id, name and what it extends. */
  public static ProfileList list() {
    return CInterface.message(ProfileList.parser(), CInterface.bytes(b -> DJ.dj_profile_list(CInterface.FORMAT_BINARY, b)));
  }
}
