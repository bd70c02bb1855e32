package dunes.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The critical path of a build through its tree of activity instances (docs/benchmarks.md).
 *
 * <p>Within one scope (a process instance, a subprocess, a multi-instance body) two children are in
 * one chain when one ended before the other started; children that overlapped in time ran in
 * parallel. A scope's critical path is its heaviest chain, each child weighing its own critical
 * path: sequential steps add up, parallel branches and parallel multi-instance iterations count
 * once, the longest. A leaf weighs a set of time spans, and a chain weighs the union of its
 * leaves' spans, so a span two leaves of one chain both carry counts once.
 *
 * <ul>
 *   <li>{@link #steps}: each leaf carries its own interval (the leaves of a chain never overlap, so
 *       this is the sum of their durations), against {@link #sequentialSum}.
 *   <li>{@link #imposed}: each leaf carries the durations the lab imposed that it waited for: the
 *       critical path of the datacenter's own time through the build as modelled and run.
 * </ul>
 */
final class CriticalPath {

  /**
   * One activity instance (or a called process instance), times in epoch milliseconds.
   *
   * @param subjects what the scope is about: the string values of its local variables (a
   *     multi-instance iteration's node name), to tell which parallel branch waited for a node
   */
  record Activity(String name, String type, long start, long end, List<Activity> children, Set<String> subjects) {

    static Activity leaf(String name, String type, long start, long end) {
      return new Activity(name, type, start, end, List.of(), Set.of());
    }

    static Activity scope(String name, long start, long end, Set<String> subjects, List<Activity> children) {
      return new Activity(name, "scope", start, end, children, subjects);
    }

    boolean isLeaf() {
      return children.isEmpty();
    }

    long duration() {
      return end - start;
    }
  }

  /** A duration imposed on {@code target} from {@code start} to {@code end} (epoch milliseconds). */
  record Imposed(String target, long start, long end) {}

  private CriticalPath() {}

  /** The sum of the durations of the leaves that {@code counts} (the steps, one after another). */
  static long sequentialSum(Activity root, java.util.function.Predicate<Activity> counts) {
    return leaves(root).stream().filter(counts).mapToLong(Activity::duration).sum();
  }

  /** The longest chain of the leaves that {@code counts}, each weighing its duration. */
  static long steps(Activity root, java.util.function.Predicate<Activity> counts) {
    return chain(root, leaf -> counts.test(leaf) ? Spans.of(leaf.start(), leaf.end()) : Spans.NONE).measure();
  }

  /**
   * The longest chain of imposed durations. Each imposed duration that ended while the build ran
   * belongs to the leaf that waited for it: the leaf running when it ended (the poll or the timer
   * that was waiting), else the first leaf to start after it ended (the step that went on); of
   * several such leaves (parallel branches), the one inside the deepest scope about its target.
   */
  static long imposed(Activity root, List<Imposed> imposed) {
    List<Placed> leaves = new ArrayList<>();
    place(root, 0, Map.of(), leaves);
    Map<Activity, Spans> carried = new IdentityHashMap<>();
    for (Imposed duration : imposed) {
      if (duration.end() < root.start() || duration.end() > root.end()) {
        continue; // not this build's
      }
      waiter(leaves, duration).ifPresent(leaf -> carried.merge(leaf.activity(), Spans.of(duration.start(),
          duration.end()), Spans::union));
    }
    return chain(root, leaf -> carried.getOrDefault(leaf, Spans.NONE)).measure();
  }

  // ---------------------------------------------------------------------------------------------

  /** A leaf with how deep the deepest scope about each subject lies above it. */
  private record Placed(Activity activity, Map<String, Integer> subjectDepth) {}

  private static void place(Activity activity, int depth, Map<String, Integer> above, List<Placed> out) {
    Map<String, Integer> here = above;
    if (!activity.subjects().isEmpty()) {
      here = new java.util.HashMap<>(above);
      for (String subject : activity.subjects()) {
        here.put(subject, depth);
      }
    }
    if (activity.isLeaf()) {
      out.add(new Placed(activity, here));
      return;
    }
    for (Activity child : activity.children()) {
      place(child, depth + 1, here, out);
    }
  }

  private static java.util.Optional<Placed> waiter(List<Placed> leaves, Imposed duration) {
    Comparator<Placed> bySubject = Comparator.comparingInt(p -> p.subjectDepth().getOrDefault(duration.target(), -1));
    Comparator<Placed> preferred = bySubject.reversed().thenComparingLong(p -> p.activity().start());
    java.util.Optional<Placed> running = leaves.stream()
        .filter(p -> p.activity().start() <= duration.end() && duration.end() <= p.activity().end())
        .min(preferred);
    if (running.isPresent()) {
      return running;
    }
    long next = leaves.stream().mapToLong(p -> p.activity().start()).filter(s -> s >= duration.end()).min()
        .orElse(Long.MAX_VALUE);
    return leaves.stream().filter(p -> p.activity().start() == next).min(preferred);
  }

  /** The heaviest chain below {@code activity}, as the spans its leaves carry. */
  private static Spans chain(Activity activity, Function<Activity, Spans> weight) {
    if (activity.isLeaf()) {
      return weight.apply(activity);
    }
    List<Activity> children = new ArrayList<>(activity.children());
    children.sort(Comparator.comparingLong(Activity::start).thenComparingLong(Activity::end));
    List<Spans> own = children.stream().map(c -> chain(c, weight)).toList();
    Spans[] ending = new Spans[children.size()]; // the heaviest chain ending with child j
    Spans best = Spans.NONE;
    for (int j = 0; j < children.size(); j++) {
      Spans mine = own.get(j);
      int before = -1;
      long heaviest = mine.measure();
      for (int i = 0; i < j; i++) {
        if (children.get(i).end() <= children.get(j).start()) {
          long joined = ending[i].measure() + mine.measure() - ending[i].overlap(mine);
          if (joined > heaviest) {
            heaviest = joined;
            before = i;
          }
        }
      }
      ending[j] = before < 0 ? mine : ending[before].union(mine);
      if (ending[j].measure() > best.measure()) {
        best = ending[j];
      }
    }
    return best;
  }

  private static List<Activity> leaves(Activity root) {
    List<Activity> out = new ArrayList<>();
    collect(root, out);
    return out;
  }

  private static void collect(Activity activity, List<Activity> out) {
    if (activity.isLeaf()) {
      out.add(activity);
    }
    activity.children().forEach(c -> collect(c, out));
  }

  /** Disjoint time spans, sorted: [start, end) pairs in milliseconds, and their total length. */
  record Spans(long[] bounds, long measure) {

    static final Spans NONE = new Spans(new long[0]);

    Spans(long[] bounds) {
      this(bounds, total(bounds));
    }

    static Spans of(long start, long end) {
      return end > start ? new Spans(new long[] {start, end}) : NONE;
    }

    private static long total(long[] bounds) {
      long sum = 0;
      for (int k = 0; k < bounds.length; k += 2) {
        sum += bounds[k + 1] - bounds[k];
      }
      return sum;
    }

    /** How long these spans and {@code other}'s run at the same time (a binary search per span of other). */
    long overlap(Spans other) {
      long sum = 0;
      for (int k = 0; k < other.bounds.length; k += 2) {
        long start = other.bounds[k];
        long end = other.bounds[k + 1];
        int first = firstEndingAfter(start);
        for (int m = first; m < bounds.length && bounds[m] < end; m += 2) {
          sum += Math.min(end, bounds[m + 1]) - Math.max(start, bounds[m]);
        }
      }
      return sum;
    }

    /** The index of the first span ending after {@code instant}. */
    private int firstEndingAfter(long instant) {
      int low = 0;
      int high = bounds.length / 2;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (bounds[2 * mid + 1] <= instant) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return 2 * low;
    }

    Spans union(Spans other) {
      if (other.bounds.length == 0) {
        return this;
      }
      if (bounds.length == 0) {
        return other;
      }
      List<long[]> all = new ArrayList<>();
      for (long[] b : List.of(bounds, other.bounds)) {
        for (int k = 0; k < b.length; k += 2) {
          all.add(new long[] {b[k], b[k + 1]});
        }
      }
      all.sort(Comparator.comparingLong(s -> s[0]));
      List<Long> merged = new ArrayList<>();
      long start = all.get(0)[0];
      long end = all.get(0)[1];
      for (long[] s : all.subList(1, all.size())) {
        if (s[0] <= end) {
          end = Math.max(end, s[1]);
        } else {
          merged.add(start);
          merged.add(end);
          start = s[0];
          end = s[1];
        }
      }
      merged.add(start);
      merged.add(end);
      return new Spans(merged.stream().mapToLong(Long::longValue).toArray());
    }
  }
}
