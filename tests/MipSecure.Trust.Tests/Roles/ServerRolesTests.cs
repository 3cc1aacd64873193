using System;
using System.Linq;
using Xunit;

namespace MipSecure.Trust.Tests.Roles;

public sealed class ServerRolesTests
{
    [Theory]
    [InlineData(ServerRole.ManagementServer, "management server", "management")]
    [InlineData(ServerRole.RecordingServer, "recording server", "recording")]
    [InlineData(ServerRole.FailoverRecorder, "failover recorder", "failover")]
    [InlineData(ServerRole.MobileServer, "mobile server", "mobile")]
    [InlineData(ServerRole.EventServer, "event server", "event")]
    public void Each_role_has_one_wording_and_one_label_that_reads_back(ServerRole role, string words, string label)
    {
        Assert.Equal(words, role.DisplayName());
        Assert.Equal(words + " 'Recorder 1'", role.Describe("Recorder 1"));
        Assert.Equal(label, role.Label());
        Assert.True(ServerRoles.TryParse(label.ToUpperInvariant(), out var fromLabel));
        Assert.Equal(role, fromLabel);
        Assert.True(ServerRoles.TryParse(" " + role + " ", out var fromName));
        Assert.Equal(role, fromName);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("recorder")]
    [InlineData("failover recorder")]
    public void Numbers_and_unknown_words_are_not_roles(string? text)
    {
        Assert.False(ServerRoles.TryParse(text, out _));
    }

    [Fact]
    public void All_lists_every_role_once_in_the_order_of_reports()
    {
        Assert.Equal(Enum.GetValues<ServerRole>().OrderBy(role => (int)role), ServerRoles.All);
    }

    [Fact]
    public void An_undefined_value_is_a_server_not_a_crash()
    {
        Assert.Equal("server", ((ServerRole)42).DisplayName());
        Assert.Equal("server 'X'", ((ServerRole)42).Describe("X"));
    }
}
