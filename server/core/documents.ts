import type * as Y from 'yjs';

/**
 * What features need from the co-edited document layer, and nothing of how it is served: the Yjs
 * endpoint in server/transport/yjs implements this, server/app.ts hands it to the features, and
 * features never import the transport. Names are the documents' names (`board:<id>`,
 * `cafe:<table>:<round>`); each feature owns the names it makes.
 */

/** How much a connection may do with a document. */
export type DocAccess = 'read' | 'write';

/** Who the credentials on a document connection belong to; either, both or neither may be present. */
export type DocViewer = {
  participant: { id: string; workshopId: string } | undefined;
  facilitator: { id: string } | undefined;
  screen: { workshopId: string } | undefined;
};

/** A feature's rule for who may open its documents; null refuses (and hides that it exists). */
export type DocPolicy = (who: DocViewer, docName: string) => Promise<DocAccess | null>;

/**
 * Rules a feature sets for its own documents, by name. They run inside the document's queue:
 * `acceptPeerUpdate` before a peer's update is applied, `afterPeerUpdate` once it is.
 */
export type DocHooks = {
  acceptPeerUpdate?(docName: string, doc: Y.Doc, update: Uint8Array): boolean;
  afterPeerUpdate?(docName: string, doc: Y.Doc): void;
  /** Another node's update to the document has been applied here (several nodes only). */
  afterRelayedUpdate?(docName: string): void;
};

/** A document as loaded in memory. */
export type LoadedDocument = { readonly doc: Y.Doc };

export interface Documents {
  /**
   * The server's trusted write path: runs `fn` in one Yjs transaction and resolves only once the
   * resulting update is stored, so the caller may then acknowledge the contribution.
   */
  transact(docName: string, fn: (doc: Y.Doc) => void): Promise<void>;
  /** Loads the document if needed and reads it; it stays loaded while `fn` runs. */
  read<T>(docName: string, fn: (doc: Y.Doc) => T): Promise<T>;
  /** The document if it is in memory now, without loading it. */
  peek(docName: string): LoadedDocument | undefined;
}

/** The stored form of documents, as far as erasure needs it. */
export interface DocumentStore {
  /** Folds a document's update log into one snapshot, so removed content leaves no history. */
  compact(docName: string): Promise<{ compacted: number }>;
}

/** A feature's documents: the names it makes, who may open them, and rules for peers' updates. */
export type DocumentKind = { prefix: string; policy: DocPolicy; hooks?: DocHooks };

/**
 * The kinds of document the features serve, looked up by name. The Yjs endpoint is built with
 * this and asks it at each connection and peer update, so it needs no feature to exist first;
 * a name no kind claims is refused.
 */
export class DocumentKinds {
  private readonly kinds: DocumentKind[] = [];

  add(kind: DocumentKind) {
    if (
      this.kinds.some((k) => k.prefix.startsWith(kind.prefix) || kind.prefix.startsWith(k.prefix))
    )
      throw new Error(`Two kinds of document claim names starting ${kind.prefix}`);
    this.kinds.push(kind);
  }

  readonly policy: DocPolicy = (who, docName) =>
    this.of(docName)?.policy(who, docName) ?? Promise.resolve(null);

  readonly hooks: Required<DocHooks> = {
    acceptPeerUpdate: (docName, doc, update) =>
      this.of(docName)?.hooks?.acceptPeerUpdate?.(docName, doc, update) ?? true,
    afterPeerUpdate: (docName, doc) => this.of(docName)?.hooks?.afterPeerUpdate?.(docName, doc),
    afterRelayedUpdate: (docName) => this.of(docName)?.hooks?.afterRelayedUpdate?.(docName),
  };

  private of(docName: string) {
    return this.kinds.find((k) => docName.startsWith(k.prefix));
  }
}
