import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { IntentTags, Stars } from "../components/dashboard/Badges";
import { DashboardErrorView } from "../components/dashboard/ErrorView";
import { Transcript } from "../components/dashboard/Transcript";
import { callerFor } from "../lib/caller.server";
import { rethrowForLoader } from "../lib/dashboard/errors.server";
import { formatDateTime } from "../lib/dashboard/format";
import { requireStaff } from "../lib/staff-session.server";

export const meta: MetaFunction = () => [{ title: "Conversation — Aurora Concierge dashboard" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, context);
  try {
    const conversation = await callerFor(request, context, staff).dashboard.conversations.get({ id: params.id ?? "" });
    return json({ conversation }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    rethrowForLoader(error, "No conversation with that id.");
  }
}

export default function ConversationDetail() {
  const { conversation: c } = useLoaderData<typeof loader>();
  return (
    <div className="db-page">
      <nav aria-label="Breadcrumb" className="db-breadcrumb">
        <ol>
          <li>
            <Link to="/dashboard/conversations">Conversations</Link>
          </li>
          <li aria-current="page">{c.id}</li>
        </ol>
      </nav>
      <div className="db-page__head">
        <div>
          <h1 className="db-page__title">Conversation</h1>
          <p className="db-page__lede">Started {formatDateTime(c.createdAt)}</p>
        </div>
      </div>
      <div className="db-conv">
        <section className="db-card" aria-labelledby="conv-transcript-heading">
          <h2 id="conv-transcript-heading" className="db-card__title">
            Transcript
          </h2>
          <Transcript entries={c.transcript} label="Conversation transcript" />
        </section>
        <aside className="db-card db-conv__side" aria-labelledby="conv-facts-heading">
          <h2 id="conv-facts-heading" className="db-card__title">
            Summary
          </h2>
          <dl className="db-facts">
            <dt>Status</dt>
            <dd>{c.status}</dd>
            <dt>Messages</dt>
            <dd>{c.transcript.length}</dd>
            <dt>Handed to a stylist</dt>
            <dd>{c.handoff ? "Yes" : "No"}</dd>
            <dt>CSAT</dt>
            <dd>{c.csatRating === null ? <span className="db-muted">Not rated</span> : <Stars rating={c.csatRating} />}</dd>
            <dt>Intents</dt>
            <dd>
              <IntentTags intents={c.intents} />
            </dd>
            <dt>Id</dt>
            <dd>
              <code>{c.id}</code>
            </dd>
          </dl>
        </aside>
      </div>
    </div>
  );
}

export const ErrorBoundary = DashboardErrorView;
