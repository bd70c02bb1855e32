package dunes.vsphere;

import com.vmware.vim25.mo.ServiceInstance;
import com.vmware.vim25.ws.ClientCreator;
import dunes.pki.PinnedCertificateTrustManager;
import dunes.secrets.Secret;
import java.net.MalformedURLException;
import java.net.URL;
import java.rmi.RemoteException;
import java.time.Duration;

/** Logs in to a vCenter with yavijava, TLS pinned to the request's fingerprint. */
public final class VSphereConnector {

  static {
    // yavijava's hook for its SOAP client class: every session Dunes opens reads newer vCenters
    ClientCreator.clientClass = TolerantWsClient.class;
  }

  private final Duration connectTimeout;
  private final Duration readTimeout;

  public VSphereConnector(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /**
   * @param sdkUrl for example https://vcenter.example.com/sdk
   * @param sha256Fingerprint the vCenter certificate's SHA-256 fingerprint
   */
  public ServiceInstance connect(URL sdkUrl, String username, Secret password, String sha256Fingerprint) {
    try {
      return new ServiceInstance(sdkUrl, username, password.revealAsString(),
          new PinnedCertificateTrustManager(sha256Fingerprint),
          (int) connectTimeout.toMillis(), (int) readTimeout.toMillis());
    } catch (RemoteException | MalformedURLException e) {
      throw new VSphereException("cannot log in to vCenter " + sdkUrl + " as " + username + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
