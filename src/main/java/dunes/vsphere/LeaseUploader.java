package dunes.vsphere;

import com.vmware.vim25.HttpNfcLeaseDeviceUrl;
import com.vmware.vim25.HttpNfcLeaseInfo;
import com.vmware.vim25.mo.HttpNfcLease;
import com.vmware.vim25.mo.ServiceInstance;
import dunes.pki.PinnedCertificateTrustManager;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.RemoteException;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an import's disks to the lease's device URLs, with TLS pinned to the vCenter's
 * fingerprint, and reports progress to the lease while bytes flow (a lease that hears nothing for
 * its timeout expires).
 */
final class LeaseUploader {

  private static final Logger LOG = LoggerFactory.getLogger(LeaseUploader.class);

  /** One file of the import, for the device whose import key is {@code deviceId}. */
  record Upload(String deviceId, Path file, boolean create) {}

  private final VSphereProperties timeouts;
  /** The disks go to the same vCenter (device URL host "*"), so the same pin holds. */
  private final String fingerprint;

  LeaseUploader(VSphereProperties timeouts, String fingerprint) {
    this.timeouts = timeouts;
    this.fingerprint = fingerprint;
  }

  /** @param listener hears the same percentages as the lease (0..99 while bytes flow) */
  void upload(ServiceInstance vcenter, HttpNfcLease lease, HttpNfcLeaseInfo info, List<Upload> uploads, String what,
      IntConsumer listener) throws RemoteException {
    URL sdkUrl = vcenter.getServerConnection().getUrl();
    HttpClient http = client();
    long total = 0;
    for (Upload upload : uploads) {
      total += size(upload.file(), what);
    }
    AtomicLong sent = new AtomicLong();
    long totalBytes = Math.max(total, 1);
    ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "vsphere-lease-progress");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, Math.min(30, info.getLeaseTimeout() / 4));
    reporter.scheduleAtFixedRate(() -> progress(lease, sent.get(), totalBytes, listener), period, period,
        TimeUnit.SECONDS);
    try {
      for (Upload upload : uploads) {
        HttpNfcLeaseDeviceUrl device = device(info, upload, what);
        put(http, vcenter, deviceUrl(device.getUrl(), sdkUrl), upload, sent, what);
        progress(lease, sent.get(), totalBytes, listener);
      }
    } finally {
      reporter.shutdownNow();
    }
  }

  /**
   * vCenter writes the device URL's host as "*" when the client should use the address it already
   * reaches vCenter by: that is the SDK URL's host and port (a lab vCenter is not on 443).
   */
  static URI deviceUrl(String url, URL sdkUrl) {
    String prefix = "https://*/";
    if (url.startsWith(prefix)) {
      return URI.create("https://" + sdkUrl.getAuthority() + "/" + url.substring(prefix.length()));
    }
    return URI.create(url);
  }

  private void put(HttpClient http, ServiceInstance vcenter, URI url, Upload upload, AtomicLong sent, String what) {
    try {
      long size = Files.size(upload.file());
      HttpRequest.Builder request = HttpRequest.newBuilder(url)
          .timeout(timeouts.uploadTimeout())
          .header("Content-Type", "application/x-vnd.vmware-streamVmdk")
          .method(upload.create() ? "PUT" : "POST", HttpRequest.BodyPublishers.fromPublisher(
              HttpRequest.BodyPublishers.ofInputStream(() -> counting(upload.file(), sent)), size));
      String session = vcenter.getServerConnection().getSessionStr();
      if (session != null) {
        request.header("Cookie", session); // the NFC service accepts the SOAP session's cookie; never logged
      }
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new VSphereException("cannot deploy " + what + ": upload of '" + upload.file().getFileName()
            + "' answered HTTP " + response.statusCode());
      }
      LOG.debug("uploaded {} ({} bytes) for {}", upload.file().getFileName(), size, what);
    } catch (IOException e) {
      throw new VSphereException("cannot deploy " + what + ": upload of '" + upload.file().getFileName() + "' failed: "
          + Faults.describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VSphereException("cannot deploy " + what + ": interrupted during the upload", e);
    }
  }

  private static InputStream counting(Path file, AtomicLong sent) {
    try {
      return new FilterInputStream(Files.newInputStream(file)) {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            sent.addAndGet(n);
          }
          return n;
        }
      };
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void progress(HttpNfcLease lease, long sent, long total, IntConsumer listener) {
    int percent = (int) Math.min(99, sent * 100 / total);
    try {
      listener.accept(percent);
    } catch (RuntimeException e) {
      LOG.debug("progress listener failed: {}", e.toString()); // progress is for people: never fails the import
    }
    try {
      lease.httpNfcLeaseProgress(percent);
    } catch (RemoteException | RuntimeException e) {
      LOG.debug("progress report to the import lease failed: {}", Faults.describe(e));
    }
  }

  private static HttpNfcLeaseDeviceUrl device(HttpNfcLeaseInfo info, Upload upload, String what) {
    for (HttpNfcLeaseDeviceUrl device : info.getDeviceUrl() == null ? new HttpNfcLeaseDeviceUrl[0] : info.getDeviceUrl()) {
      if (upload.deviceId().equals(device.getImportKey())) {
        return device;
      }
    }
    throw new VSphereException("cannot deploy " + what + ": the import lease has no device for '"
        + upload.file().getFileName() + "'");
  }

  private static long size(Path file, String what) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new VSphereException("cannot deploy " + what + ": cannot read disk '" + file + "' of the ovf: "
          + e.getClass().getSimpleName(), e);
    }
  }

  private HttpClient client() {
    return HttpClient.newBuilder().sslContext(PinnedCertificateTrustManager.sslContext(fingerprint))
        .connectTimeout(timeouts.connectTimeout()).build();
  }
}
