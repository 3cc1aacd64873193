using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// A minimal token-checked SOAP endpoint (RecorderCommandService, AlarmServiceToken). Every operation takes the token as its
/// <c>token</c> parameter; without a valid one the answer is a SOAP fault with error 20001 and the sub-code; with one, an
/// empty <c>&lt;OperationResponse&gt;</c>. The operations' real results are not simulated.
/// </summary>
internal sealed class SoapTokenEndpoint
{
    private const string SoapEnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
    private readonly string _serviceNamespace;

    public SoapTokenEndpoint(string serviceNamespace)
    {
        _serviceNamespace = serviceNamespace;
    }

    public async Task HandleAsync(HttpContext context, SimulatedServer server)
    {
        var document = SafeXml.TryParse(await HttpResults.ReadBodyAsync(context).ConfigureAwait(false));
        var body = document?.Root?.Element(XName.Get("Body", SoapEnvelopeNamespace));
        var operation = body?.Elements().FirstOrDefault();
        if (operation is null)
        {
            await FaultAsync(context, "soap:Client", "The request is not a SOAP 1.1 envelope with an operation.", null).ConfigureAwait(false);
            return;
        }

        var status = server.CheckToken(SafeXml.Value(operation, "token"));
        if (status != TokenStatus.Valid)
        {
            // A missing or refused token is the caller's fault: soap:Client, detail 20001 and the sub-code (a captured real answer:
            // "No token supplied", ErrorNumber 20001, SubErrorNumber 1).
            await FaultAsync(context, "soap:Client", ImageServerReplies.ReasonFor(status), (int)status).ConfigureAwait(false);
            return;
        }

        var response = new XElement(XName.Get(operation.Name.LocalName + "Response", _serviceNamespace));
        await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", Envelope(response)).ConfigureAwait(false);
    }

    private static Task FaultAsync(HttpContext context, string faultCode, string faultString, int? subErrorNumber)
    {
        var fault = new XElement(
            XName.Get("Fault", SoapEnvelopeNamespace),
            new XElement("faultcode", faultCode),
            new XElement("faultstring", faultString));
        if (subErrorNumber is int sub)
        {
            fault.Add(new XElement("detail", new XElement("ErrorNumber", ImageServerReplies.TokenErrorNumber), new XElement("SubErrorNumber", sub)));
        }

        return HttpResults.TextAsync(context, StatusCodes.Status500InternalServerError, "text/xml; charset=utf-8", Envelope(fault));
    }

    private static string Envelope(XElement content)
    {
        var envelope = new XElement(
            XName.Get("Envelope", SoapEnvelopeNamespace),
            new XAttribute(XNamespace.Xmlns + "soap", SoapEnvelopeNamespace),
            new XElement(XName.Get("Body", SoapEnvelopeNamespace), content));
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + envelope.ToString(SaveOptions.DisableFormatting);
    }
}
