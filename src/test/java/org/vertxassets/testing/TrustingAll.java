package org.vertxassets.testing;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/** Trusts any server certificate: the tests' servers use self-signed ones made by the test. */
public final class TrustingAll implements X509TrustManager {

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
