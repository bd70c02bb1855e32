package dunes.vsphere;

import com.vmware.vim25.ToolsUnavailable;
import com.vmware.vim25.mo.ServiceInstance;
import dunes.secrets.Secret;
import java.net.URL;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logged-in session to one vCenter, reused by every call and opened again, once per call, when
 * vCenter says it is gone (NotAuthenticated: logged out, idle-expired, vCenter restarted). Calls
 * build their managed objects from morefs on the current session, so a new login leaves no stale
 * object behind.
 */
final class VSphereSession implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VSphereSession.class);

  /** A piece of work on a live session; it may throw yavijava's checked faults. */
  @FunctionalInterface
  interface Work<T> {
    T on(ServiceInstance vcenter) throws Exception;
  }

  private final VSphereConnector connector;
  private final URL sdkUrl;
  private final String username;
  /** read at each login, so a password rotated in the secret store is used from the next login on */
  private final Supplier<Secret> password;
  private final String fingerprint;
  private ServiceInstance current;

  VSphereSession(VSphereConnector connector, URL sdkUrl, String username, Supplier<Secret> password, String fingerprint) {
    this.connector = connector;
    this.sdkUrl = sdkUrl;
    this.username = username;
    this.password = password;
    this.fingerprint = fingerprint;
  }

  URL sdkUrl() {
    return sdkUrl;
  }

  String fingerprint() {
    return fingerprint;
  }

  /** The session's service instance (logs in when there is none yet). */
  synchronized ServiceInstance serviceInstance() {
    if (current == null) {
      current = connector.connect(sdkUrl, username, password.get(), fingerprint);
    }
    return current;
  }

  /**
   * Runs {@code work}; if vCenter answers NotAuthenticated, logs in again and runs it once more.
   * Running it again is safe: the session was refused before the call did anything.
   *
   * @param operation names the call in error text, e.g. "power on vm 'vcvco1'"
   */
  <T> T call(String operation, Work<T> work) {
    ServiceInstance vcenter = serviceInstance();
    try {
      return work.on(vcenter);
    } catch (Exception e) {
      if (!Faults.isNotAuthenticated(e)) {
        throw translate(operation, e);
      }
      LOG.info("vCenter {} session of {} is gone; logging in again", sdkUrl, username);
    }
    synchronized (this) {
      if (current == vcenter) {
        current = null;
      }
    }
    try {
      return work.on(serviceInstance());
    } catch (Exception e) {
      throw translate(operation, e);
    }
  }

  private static RuntimeException translate(String operation, Exception e) {
    if (e instanceof VSphereException v) {
      return v;
    }
    if (Faults.isNotAuthenticated(e)) {
      return new VSphereException("cannot " + operation + ": vcenter refused a fresh session (NotAuthenticated)", e);
    }
    if (Faults.find(e, ToolsUnavailable.class) != null) {
      return new VSphereToolsUnavailableException("cannot " + operation + ": " + Faults.describe(e), e);
    }
    return new VSphereException("cannot " + operation + ": " + Faults.describe(e), e);
  }

  @Override
  public synchronized void close() {
    if (current != null) {
      try {
        current.getServerConnection().logout();
      } catch (RuntimeException e) {
        LOG.debug("logout from vCenter {} failed: {}", sdkUrl, Faults.describe(e));
      }
      current = null;
    }
  }
}
