package dunes.vsphere;

import com.vmware.vim25.OptionValue;

/**
 * Marks what a build created, so compensation removes only that: the key {@code dunes.build} with
 * the build's ticket in a VM's extra config, and a line {@code dunes.build=<ticket>} in a vApp's
 * annotation (a vApp has no extra config).
 */
final class BuildTag {

  static final String KEY = "dunes.build";

  private BuildTag() {}

  static OptionValue extraConfig(String ticket) {
    OptionValue option = new OptionValue();
    option.setKey(KEY);
    option.setValue(ticket);
    return option;
  }

  static String fromExtraConfig(OptionValue[] options) {
    for (OptionValue option : options) {
      if (KEY.equals(option.getKey()) && option.getValue() != null) {
        return option.getValue().toString();
      }
    }
    return null;
  }

  static String annotation(String ticket) {
    return KEY + "=" + ticket;
  }

  static String fromAnnotation(String annotation) {
    if (annotation == null) {
      return null;
    }
    return annotation.lines().filter(l -> l.startsWith(KEY + "=")).map(l -> l.substring(KEY.length() + 1).trim())
        .findFirst().orElse(null);
  }
}
