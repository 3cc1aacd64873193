using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.PublicApi.Tests;

/// <summary>
/// The public surface of every shipped library, frozen as a snapshot: a change to it shows up as a diff in review.
/// After an intended change, accept the new listing (see Snapshot) and mention the change in the commit.
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void MipSecure_Trust() => Snapshot.Verify(PublicApiListing.Of(typeof(Trust.Validation.CertificateValidator).Assembly));

    [Fact]
    public void MipSecure() => Snapshot.Verify(PublicApiListing.Of(typeof(global::MipSecure.Connections.SecureConnector).Assembly));

    [Fact]
    public void MipSecure_Pki() => Snapshot.Verify(PublicApiListing.Of(typeof(Pki.CertificateAuthority).Assembly));

    [Fact]
    public void MipSecure_Testing() => Snapshot.Verify(PublicApiListing.Of(typeof(Testing.Simulation.SimulatedSite).Assembly));
}
