package dunes.build.probe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dotted product versions as products state them ("6.7.3", "5.5.2.1 Build 2114116"), compared
 * number by number. A supported range names lines, not points: a maximum of "6.7" covers 6.7.3, as
 * an operator reads "supports 5.5 to 6.7".
 */
public final class Versions {

  private static final Pattern LEADING = Pattern.compile("^\\s*v?(\\d+(?:\\.\\d+)*)");

  private Versions() {}

  /** The leading numbers of {@code version}; empty when it starts with none. */
  public static List<Integer> numbers(String version) {
    List<Integer> numbers = new ArrayList<>();
    Matcher m = version == null ? null : LEADING.matcher(version);
    if (m != null && m.find()) {
      for (String part : m.group(1).split("\\.")) {
        numbers.add(Integer.parseInt(part));
      }
    }
    return numbers;
  }

  /** Number by number, a missing number counting as 0: "6.7.3" after "6.7", "10.0" after "6.7". */
  public static int compare(String a, String b) {
    return compare(numbers(a), numbers(b), Integer.MAX_VALUE);
  }

  /** {@code version} is at least {@code min} and, on as many numbers as {@code max} states, at most {@code max}. */
  public static boolean within(String version, String min, String max) {
    List<Integer> v = numbers(version);
    return !v.isEmpty() && compare(v, numbers(min), Integer.MAX_VALUE) >= 0
        && compare(v, numbers(max), numbers(max).size()) <= 0;
  }

  /**
   * Both state a version and agree on every number both state: "5.5.2" and "5.5.2.1" agree (one
   * states less), "5.5.1" and "5.5.2" do not.
   */
  public static boolean agree(String a, String b) {
    List<Integer> x = numbers(a);
    List<Integer> y = numbers(b);
    return !x.isEmpty() && !y.isEmpty() && compare(x, y, Math.min(x.size(), y.size())) == 0;
  }

  private static int compare(List<Integer> a, List<Integer> b, int first) {
    for (int i = 0; i < Math.min(first, Math.max(a.size(), b.size())); i++) {
      int d = Integer.compare(i < a.size() ? a.get(i) : 0, i < b.size() ? b.get(i) : 0);
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }
}
