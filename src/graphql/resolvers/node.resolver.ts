import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { fromGlobalId } from '../../domain/global-id';
import type { Context } from '../context';
import type { MaybePromise } from '../loaders/request-loader';
import { Node } from '../types/node.type';

/** Global object identification: `node(id:)`. */
@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when it no longer exists.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): MaybePromise<Node | null> {
    const { type, id: rowId } = fromGlobalId(id, undefined, 'id');
    switch (type) {
      case 'Article':
        return ctx.loaders.articles.load(rowId);
      case 'NewsItem':
        return ctx.loaders.newsItems.load(rowId);
      case 'Source':
        return ctx.loaders.sources.load(rowId);
      case 'Category':
        return ctx.loaders.categories.load(rowId);
      case 'Story':
        return ctx.loaders.stories.load(rowId);
    }
  }
}
