// Stand-in for Fastly's `fastly:fanout`: records each handoff and answers a marker response.
export const handoffs = [];

// Set to an Error to make the next handoffs throw, as the runtime does for a bad backend name.
export const failure = { error: null };

export function createFanoutHandoff(request, backend) {
  if (failure.error) {
    throw failure.error;
  }
  handoffs.push({ request, backend });
  return new Response(null, { status: 200, headers: { 'X-Test-Handoff': backend } });
}
