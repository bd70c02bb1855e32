package dunes.lab.edge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data plane of one edge: the listeners that match its last published configuration.
 * Publishing opens the new addresses first, so a bind failure leaves the old state intact, then
 * closes what is gone and hands the kept listeners their new routes.
 */
final class LoadBalancerRuntime implements AutoCloseable {

  private final ListenerContext context;
  private final Map<String, VipListener> listeners = new TreeMap<>();

  LoadBalancerRuntime(ListenerContext context) {
    this.context = context;
  }

  /** @throws EdgeApiException (500) when a virtual IP and port cannot be bound */
  synchronized void publish(Map<String, Route> routes) {
    List<VipListener> opened = new ArrayList<>();
    Map<String, VipListener> added = new TreeMap<>();
    for (Route route : routes.values()) {
      if (listeners.containsKey(route.key())) {
        continue;
      }
      try {
        VipListener listener = VipListener.open(route, context);
        opened.add(listener);
        added.put(route.key(), listener);
      } catch (IOException e) {
        opened.forEach(VipListener::close);
        throw new EdgeApiException(500, 14501,
            "cannot listen on " + route.key() + " for virtual server " + route.virtualServer() + ": " + e.getMessage());
      }
    }
    for (String key : new ArrayList<>(listeners.keySet())) {
      if (!routes.containsKey(key)) {
        listeners.remove(key).close();
      } else {
        listeners.get(key).update(routes.get(key));
      }
    }
    listeners.putAll(added);
  }

  synchronized Set<String> listening() {
    return new TreeSet<>(listeners.keySet());
  }

  @Override
  public synchronized void close() {
    listeners.values().forEach(VipListener::close);
    listeners.clear();
  }
}
